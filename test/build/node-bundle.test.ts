/**
 * The Node extension is two bundles: dist/extension.js, which VS Code loads at activation (and counts in the
 * extension's activation time), and dist/engine.js, the pack engine it requires with the first pack. This
 * keeps the split from eroding: a static import of the engine from the editor code would pull it back in.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../unit/helpers';

const read = (rel: string) => {
  const file = path.join(ROOT, rel);
  assert.ok(fs.existsSync(file), `${rel} is missing: run \`npm run build\` first (npm test builds before the unit tests)`);
  return fs.readFileSync(file, 'utf8');
};

describe('the Node bundles: what activation loads, and the engine it loads later', () => {
  it('dist/extension.js has no search index, fuse.js, schema checker or JSON parser, and requires the engine lazily', () => {
    const ext = read('dist/extension.js');
    for (const marker of ['ignoreLocation', 'unresolvable $ref', 'too many terms in one index']) assert.ok(!ext.includes(marker), `dist/extension.js contains "${marker}"`);
    // The only way in: a require of ./engine.js inside a promise (the first pack load), never at the top.
    const requires = [...ext.matchAll(/require\("\.\/engine\.js"\)/g)];
    assert.equal(requires.length, 1);
    assert.match(ext, /Promise\.resolve\(\)\.then\(\(\)=>\w+\(require\("\.\/engine\.js"\)\)\)/);
  });

  it('dist/engine.js has them, exports what the editor uses, and runs without VS Code', () => {
    const engine = read('dist/engine.js');
    for (const marker of ['ignoreLocation', 'unresolvable $ref', 'too many terms in one index']) assert.ok(engine.includes(marker), `dist/engine.js lacks "${marker}"`);
    assert.ok(!engine.includes('require("vscode")'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(path.join(ROOT, 'dist', 'engine.js')) as typeof import('../../src/core/engine');
    const { kb, problems } = loaded.KnowledgeBase.load([{ file: 'calcinosis.json', text: read('knowledge/calcinosis.json') }]);
    assert.deepEqual(problems.filter((p) => p.severity === 'error'), []);
    assert.equal(kb.search('calc')[0]?.entry.id, 'calcinosis');
    assert.equal(typeof loaded.locatePointer, 'function');
  });

  it('dist/lookup.js (MiniSearch, the facet words) is required by the engine only on the first look-up', () => {
    const ext = read('dist/extension.js');
    const engine = read('dist/engine.js');
    const lookup = read('dist/lookup.js');
    for (const marker of ['maxFuzzy', 'stopWords']) {
      assert.ok(!ext.includes(marker) && !engine.includes(marker), `"${marker}" outside dist/lookup.js`);
      assert.ok(lookup.includes(marker), `dist/lookup.js lacks "${marker}"`);
    }
    // Inside the method that builds the engine, never at the top of the bundle.
    assert.equal([...engine.matchAll(/require\("\.\/lookup\.js"\)/g)].length, 1);
    assert.match(engine, /lookup\(\)\{if\(!this\.lookupEngine\)\{let\{[^}]*\}=require\("\.\/lookup\.js"\)/);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(path.join(ROOT, 'dist', 'engine.js')) as typeof import('../../src/core/engine');
    const { kb } = loaded.KnowledgeBase.load([{ file: 'calcinosis.json', text: read('knowledge/calcinosis.json') }]);
    assert.equal(kb.lookUp('warfarin calcinosis').hits[0]?.entry.id, 'low-dose-warfarin');
  });

  it('dist/context.js (the context engine) is required by the engine only when first asked, and answers from there', () => {
    const ext = read('dist/extension.js');
    const engine = read('dist/engine.js');
    const context = read('dist/context.js');
    for (const marker of ['other-experiencer', 'check which is right']) {
      assert.ok(!ext.includes(marker) && !engine.includes(marker), `"${marker}" outside dist/context.js`);
      assert.ok(context.includes(marker), `dist/context.js lacks "${marker}"`);
    }
    assert.equal([...engine.matchAll(/require\("\.\/context\.js"\)/g)].length, 1);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(path.join(ROOT, 'dist', 'engine.js')) as typeof import('../../src/core/engine');
    const ctx = loaded.contextEngine();
    const { rules } = ctx.compileContextRules([{ file: 'context-rules.json', text: read('knowledge/context-rules.json') }]);
    assert.equal(ctx.contextOf(rules, 'No evidence of calcinosis.', 'calcinosis').assertion, 'absent');
  });

  // 150 KB until the context engine (negation, history, family: ~20 KB) and dot phrases (lists, Finalize Note,
  // the phrase validator: ~23 KB) came in; see README, Performance.
  it('together they stay within the 205 KB node bundle budget', () => {
    const bytes = read('dist/extension.js').length + read('dist/engine.js').length;
    assert.ok(bytes <= 205 * 1024, `${bytes} bytes`);
  });
});
