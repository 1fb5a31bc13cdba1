import * as assert from 'node:assert/strict';
import { BrowseTree, entryDescription, NO_SECTION_TITLE, type BrowseNode } from '../../src/core/cards/browse';
import { KnowledgeBase } from '../../src/core/knowledge/knowledge-base';
import { loadBuiltin, loadMini, miniObject } from './helpers';

function labels(nodes: readonly BrowseNode[]): string[] {
  return nodes.map((n) => (n.type === 'entry' ? n.entry.label : n.type === 'more' ? `+${n.hidden}` : n.title));
}

describe('knowledge browser tree', () => {
  it('shows packs → their sections in pack order → entries in pack order', () => {
    const tree = new BrowseTree(loadMini());
    const [pack] = tree.roots();
    assert.equal(tree.roots().length, 1);
    assert.deepEqual(pack && { ...pack }, { type: 'pack', key: 'pack:mini', packId: 'mini', title: 'Mini test pack', version: '0.0.1', count: 7 });
    const sections = tree.childrenOf(pack!);
    assert.deepEqual(labels(sections), ['Workup', 'Etiology']);
    const workup = tree.childrenOf(sections[0]!);
    assert.deepEqual(labels(workup).slice(0, 2), ['calcinosis', 'calcinosis cutis']);
    assert.equal(tree.childrenOf(workup[0]!).length, 0);
  });

  it('lists an entry under each of its sections, and entries without one under "Other entries"', () => {
    const mini = miniObject();
    mini.entries[0].sections = ['workup', 'etiology'];
    mini.entries[1].sections = [];
    const { kb } = KnowledgeBase.load([{ file: 'mini.json', text: JSON.stringify(mini) }]);
    const tree = new BrowseTree(kb);
    const sections = tree.childrenOf(tree.roots()[0]!);
    assert.deepEqual(labels(sections), ['Workup', 'Etiology', NO_SECTION_TITLE]);
    assert.ok(labels(tree.childrenOf(sections[1]!)).includes('calcinosis'));
    assert.deepEqual(labels(tree.childrenOf(sections[2]!)), ['calcinosis cutis']);
    const keys = [...sections.flatMap((s) => tree.childrenOf(s)), ...sections].map((n) => n.key);
    assert.equal(new Set(keys).size, keys.length, 'keys are unique');
  });

  it('narrows to what the core search finds, dropping empty sections and packs', () => {
    const kb = loadBuiltin();
    const tree = new BrowseTree(kb, { filter: ' PTH ' });
    assert.equal(tree.filter, 'PTH');
    const ids = tree.roots().flatMap((p) => tree.childrenOf(p).flatMap((s) => tree.childrenOf(s))).map((n) => (n.type === 'entry' ? n.entry.id : ''));
    const hit = kb.search('PTH', { limit: 1 })[0]!.entry.id;
    assert.ok(ids.includes(hit), `${hit} in ${ids.join(', ')}`);
    assert.ok(tree.entryCount >= 1 && tree.entryCount < kb.knowledge.entries.length);
    for (const section of tree.roots().flatMap((p) => tree.childrenOf(p))) assert.ok(tree.childrenOf(section).length > 0);
    const none = new BrowseTree(kb, { filter: 'zzqqxx' });
    assert.deepEqual(none.roots(), []);
    assert.equal(none.entryCount, 0);
  });

  it('caps the children of a node with a "more" node', () => {
    const tree = new BrowseTree(loadMini(), { maxChildren: 2 });
    const workup = tree.childrenOf(tree.childrenOf(tree.roots()[0]!)[0]!);
    assert.equal(workup.length, 3);
    const more = workup[2]!;
    assert.equal(more.type, 'more');
    assert.ok(more.type === 'more' && more.hidden >= 1);
  });

  it('finds the parent of every node (for revealing an entry)', () => {
    const tree = new BrowseTree(loadMini());
    const pack = tree.roots()[0]!;
    assert.equal(tree.parentOf(pack), undefined);
    for (const section of tree.childrenOf(pack)) {
      assert.equal(tree.parentOf(section), pack);
      for (const entry of tree.childrenOf(section)) assert.equal(tree.parentOf(entry), section);
    }
  });

  it('describes an entry by kind and codes', () => {
    const kb = loadMini();
    assert.equal(entryDescription(kb.knowledge.get('calcinosis-cutis')!), 'Condition · L94.2');
    assert.equal(entryDescription(kb.knowledge.get('parathyroid-hormone')!), 'Test');
  });
});
