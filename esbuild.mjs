// Builds the shipped bundles (dist/) and, with --tests, transpiles the tests (out/) for mocha.
// Type-checking is separate: `npm run typecheck` (tsc --noEmit, strict).
import * as esbuild from 'esbuild';
import { cpSync, readdirSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const args = new Set(process.argv.slice(2));
const dev = args.has('--dev');
const tests = args.has('--tests');

/** @type {import('esbuild').BuildOptions} */
const shared = {
  bundle: true,
  minify: !dev,
  sourcemap: dev ? 'linked' : false,
  legalComments: 'none',
  logLevel: 'warning',
  target: 'es2022',
  // jsonc-parser's `main` is a UMD build with runtime requires esbuild cannot follow; its ESM build bundles.
  mainFields: ['module', 'main'],
};

/**
 * Every source file's `import * as vscode` would otherwise become its own `__toESM(require("vscode"))`,
 * copying each key of the VS Code API object once per file (17 times) while the bundle loads, which VS Code
 * counts in the extension's activation time. One ESM module re-exports the API; every file imports it.
 */
const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' },
    );
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: 'export * from "vscode";', loader: 'js' }));
  },
};

/**
 * The pack engine (src/core/engine.ts: search index, fuse.js, schema checker, jsonc-parser) is half of the
 * code and is needed only once the first pack loads, after activate(). In the Node bundle its dynamic
 * import becomes a require of dist/engine.js, built beside it; the web bundle keeps it inline (a web worker
 * host loads one file).
 */
const engineApart = {
  name: 'engine-apart',
  setup(build) {
    build.onResolve({ filter: /\/core\/engine$/ }, (args) => {
      if (args.kind !== 'dynamic-import') throw new Error(`${args.importer}: import core/engine dynamically (await import), so it stays out of the activation bundle`);
      return { path: './engine.js', external: true };
    });
  },
};

/**
 * The look-up (src/core/search/lookup.ts: MiniSearch and the facet words) is needed only by the first palette
 * search, CLI search or browser filter, not by completion or hover: in the Node engine its lazy require
 * becomes a require of dist/lookup.js, built beside it. The web build and the CLI keep it inline.
 */
const lookupApart = {
  name: 'lookup-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/search\/lookup$/ }, (args) => {
      if (!/core[\\/]knowledge[\\/]knowledge-base\.ts$/.test(args.importer)) return undefined;
      if (args.kind !== 'require-call') throw new Error(`${args.importer}: require ../search/lookup lazily (inside a function), so it stays out of dist/engine.js`);
      return { path: './lookup.js', external: true };
    });
  },
};

/**
 * A web worker extension host has no worker threads: the web build takes src/host/pack-thread.web.ts (packs
 * load on the host's own thread) where the Node build has src/host/pack-thread.ts (a worker thread,
 * dist/pack-worker.js). test/build/web-bundle.test.ts builds with the same plugin.
 */
const packThreadForWeb = {
  name: 'pack-thread-web',
  setup(build) {
    build.onResolve({ filter: /^\.\/pack-thread$/ }, (args) => ({ path: join(args.resolveDir, 'pack-thread.web.ts') }));
  },
};

/**
 * The context engine (src/core/context/index.ts) is needed only by hovers' context lines, the problems list
 * and the context checks, after the first pack loads: in the Node engine its lazy require becomes a require of
 * dist/context.js, built beside it. The web build and the CLI keep it inline.
 */
const contextApart = {
  name: 'context-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/context\/index$/ }, (args) => {
      if (!/core[\\/]engine\.ts$/.test(args.importer)) return undefined;
      if (args.kind !== 'require-call') throw new Error(`${args.importer}: require ./context/index lazily (inside a function), so it stays out of dist/engine.js`);
      return { path: './context.js', external: true };
    });
  },
};

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

if (tests) {
  // Plain transpile, one file per source file, so mocha and the extension host load tests by path.
  rmSync('out', { recursive: true, force: true });
  const dirs = ['src', 'test', 'bench', 'scripts'].filter((d) => {
    try { return statSync(d).isDirectory(); } catch { return false; }
  });
  await esbuild.build({
    entryPoints: dirs.flatMap((d) => walk(d)),
    outdir: 'out',
    outbase: '.',
    bundle: false,
    format: 'cjs',
    platform: 'node',
    target: 'es2022',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  // The core imports the schema as JSON; transpiled files keep their relative requires.
  cpSync('knowledge', 'out/knowledge', { recursive: true });
} else {
  await Promise.all([
    esbuild.build({
      ...shared,
      entryPoints: ['src/extension.ts'],
      outfile: 'dist/extension.js',
      platform: 'node',
      format: 'cjs',
      external: ['vscode'],
      plugins: [vscodeOnce, engineApart],
      // import() of dist/engine.js becomes require(): the extension host loads extensions as CommonJS.
      supported: { 'dynamic-import': false },
    }),
    esbuild.build({
      ...shared,
      entryPoints: ['src/core/engine.ts'],
      outfile: 'dist/engine.js',
      platform: 'node',
      format: 'cjs',
      plugins: [lookupApart, contextApart],
    }),
    esbuild.build({
      ...shared,
      entryPoints: ['src/core/context/index.ts'],
      outfile: 'dist/context.js',
      platform: 'node',
      format: 'cjs',
    }),
    esbuild.build({
      ...shared,
      entryPoints: ['src/core/search/lookup.ts'],
      outfile: 'dist/lookup.js',
      platform: 'node',
      format: 'cjs',
    }),
    // The same extension for VS Code for the Web and code-server's web-worker host: no Node built-ins
    // (esbuild fails on one), so the whole import graph must stay browser-safe (test/build/web-bundle.test.ts).
    esbuild.build({
      ...shared,
      entryPoints: ['src/extension.ts'],
      outfile: 'dist/web/extension.js',
      platform: 'browser',
      format: 'cjs',
      external: ['vscode'],
      plugins: [vscodeOnce, packThreadForWeb],
    }),
    // The pack worker (src/host/pack-worker.ts): a worker thread of the Node host parses and indexes packs.
    esbuild.build({
      ...shared,
      entryPoints: ['src/host/pack-worker.ts'],
      outfile: 'dist/pack-worker.js',
      platform: 'node',
      format: 'cjs',
    }),
    // The same in the web build: a Web Worker the web-worker host starts (src/host/pack-thread.web.ts).
    esbuild.build({
      ...shared,
      entryPoints: ['src/host/pack-worker.web.ts'],
      outfile: 'dist/web/pack-worker.js',
      platform: 'browser',
      format: 'iife',
    }),
    esbuild.build({
      ...shared,
      entryPoints: ['src/cli.ts'],
      outfile: 'dist/cli.js',
      platform: 'node',
      format: 'cjs',
      banner: { js: '#!/usr/bin/env node' },
    }),
  ]);
}
