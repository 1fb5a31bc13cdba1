/**
 * The browser bundle (`package.json` "browser": VS Code for the Web, code-server's web-worker host)
 * must not need Node: a web worker has no `require` of built-ins, no `process`, no `Buffer`. This
 * builds the extension for the browser as `esbuild.mjs` does and reads what came out; it also reads
 * the shipped `dist/web/extension.js` when a build has made one.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { ROOT } from '../unit/helpers';

const FORBIDDEN: Array<[RegExp, string]> = [
  [/require\(\s*["'](?!vscode["'])[^"']*["']\s*\)/, 'a require() of anything but vscode'],
  [/["'`]node:[a-z_/]+["'`]/, 'a node: built-in'],
  [/\bprocess\s*\.\s*[A-Za-z_$]/, 'process.'],
  [/\bBuffer\b/, 'Buffer'],
  [/\b__dirname\b|\b__filename\b/, '__dirname/__filename'],
  [/\bsetImmediate\b/, 'setImmediate'],
];

function offences(code: string): string[] {
  return FORBIDDEN.flatMap(([re, what]) => {
    const m = re.exec(code);
    return m ? [`${what}: …${code.slice(Math.max(0, m.index - 60), m.index + 60)}…`] : [];
  });
}

/** As esbuild.mjs's packThreadForWeb: the web build takes pack-thread.web.ts (no worker threads in a web worker). */
const packThreadForWeb: esbuild.Plugin = {
  name: 'pack-thread-web',
  setup(build) {
    build.onResolve({ filter: /^\.\/pack-thread$/ }, (args) => ({ path: path.join(args.resolveDir, 'pack-thread.web.ts') }));
  },
};

describe('the browser bundle', function () {
  this.timeout(30_000);

  it('builds for the browser platform from src/extension.ts without Node built-ins', async () => {
    const result = await esbuild.build({
      entryPoints: [path.join(ROOT, 'src/extension.ts')],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'cjs',
      external: ['vscode'],
      mainFields: ['module', 'main'],
      target: 'es2022',
      minify: true,
      logLevel: 'silent',
      plugins: [packThreadForWeb],
    });
    assert.deepEqual(result.errors, []);
    const code = result.outputFiles[0]!.text;
    assert.deepEqual(offences(code), []);
    assert.match(code, /require\("vscode"\)/);
  });

  it('is what package.json names and the vsix ships', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.equal(pkg.browser, './dist/web/extension.js');
    const ignore = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim());
    assert.ok(ignore.includes('!dist/web/*.js'), '.vscodeignore must re-include dist/web/*.js');
  });

  it('dist/web/extension.js, when built, has no Node references either', function () {
    const file = path.join(ROOT, 'dist/web/extension.js');
    if (!fs.existsSync(file)) this.skip();
    assert.deepEqual(offences(fs.readFileSync(file, 'utf8')), []);
  });

  it('the check itself catches what it should', () => {
    assert.equal(offences('var a=require("node:fs")').length, 2);
    assert.equal(offences('var a=require("fs")').length, 1);
    assert.equal(offences('if(process.env.X){}').length, 1);
    assert.equal(offences('Buffer.from(x)').length, 1);
    assert.deepEqual(offences('var v=require("vscode");new TextDecoder().decode(b)'), []);
  });
});
