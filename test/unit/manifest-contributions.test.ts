/**
 * What package.json contributes for the knowledge packs, the knowledge browser, the web and the
 * walkthrough, checked against the code's ids and the files the manifest points at.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BROWSER_FILTERED_CONTEXT, CommandId, KNOWLEDGE_VIEW, PROBLEMS_VIEW, VIEW_CONTAINER, WALKTHROUGH_ID } from '../../src/host/ids';
import { ROOT } from './helpers';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const c = pkg.contributes;
const declared = new Set<string>(c.commands.map((x: { command: string }) => x.command));
const exists = (rel: string) => fs.existsSync(path.join(ROOT, rel));

describe('package.json contributions', () => {
  it('declares every command id the code registers, each with the Clinical Notes category', () => {
    for (const id of Object.values(CommandId)) assert.ok(declared.has(id), `${id} is not in contributes.commands`);
    for (const cmd of c.commands) assert.equal(cmd.category, 'Clinical Notes', cmd.command);
  });

  it('hides internal commands and entry actions (they need a tree item) from the palette', () => {
    const hidden = new Set(c.menus.commandPalette.filter((m: { when: string }) => m.when === 'false').map((m: { command: string }) => m.command));
    for (const id of Object.values(CommandId)) if (id.includes('.internal.')) assert.ok(hidden.has(id), `${id} should be hidden`);
    for (const id of [CommandId.browserInsert, CommandId.browserCopyCode, CommandId.browserOpenCard]) assert.ok(hidden.has(id), id);
  });

  it('puts the knowledge browser in its own activity-bar container, with a monochrome SVG icon', () => {
    const container = c.viewsContainers.activitybar.find((v: { id: string }) => v.id === VIEW_CONTAINER);
    assert.ok(container, 'activity bar container');
    assert.ok(exists(container.icon), container.icon);
    const svg = fs.readFileSync(path.join(ROOT, container.icon), 'utf8');
    assert.match(svg, /^<svg /);
    assert.doesNotMatch(svg, /#[0-9a-f]{3,6}\b|rgb\(/i, 'monochrome: currentColor only');
    assert.doesNotMatch(svg, /href=|<image|<script/i, 'no external references or scripts');
    assert.deepEqual(c.views[VIEW_CONTAINER].map((v: { id: string }) => v.id), [KNOWLEDGE_VIEW, PROBLEMS_VIEW]);
  });

  it('offers filter, clear (only when filtered) and reload in the view title, and entry actions on entries', () => {
    const title = c.menus['view/title'].filter((m: { when: string }) => m.when.includes(`view == ${KNOWLEDGE_VIEW}`));
    const by = (id: string) => title.find((m: { command: string }) => m.command === id);
    assert.match(by(CommandId.browserFilter)?.group ?? '', /^navigation/);
    assert.match(by(CommandId.browserClearFilter)?.when ?? '', new RegExp(BROWSER_FILTERED_CONTEXT.replace(/\./g, '\\.')));
    assert.match(by(CommandId.reloadPacks)?.group ?? '', /^navigation/);
    const item = c.menus['view/item/context'].map((m: { command: string }) => m.command);
    for (const id of [CommandId.browserInsert, CommandId.browserCopyCode, CommandId.browserOpenCard]) assert.ok(item.includes(id), id);
  });

  it('binds the pack schema to .clinical-notes/*.json and *.clinical-pack.json', () => {
    const v = c.jsonValidation.find((j: { url: string }) => j.url === './knowledge/schema.json');
    assert.deepEqual(v?.fileMatch, ['**/.clinical-notes/*.json', '!**/.clinical-notes/context-rules*.json', '**/*.clinical-pack.json']);
    assert.ok(exists('knowledge/schema.json'));
    const rules = c.jsonValidation.find((j: { url: string }) => j.url === './knowledge/context-rules.schema.json');
    assert.deepEqual(rules?.fileMatch, ['**/.clinical-notes/context-rules*.json']);
    assert.ok(exists('knowledge/context-rules.schema.json'));
  });

  it('declares limited support for untrusted workspaces, restricting the pack setting, and virtual workspaces', () => {
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.match(pkg.capabilities.untrustedWorkspaces.description, /not loaded until you trust the workspace/);
    assert.deepEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations, ['clinicalNotes.knowledgePacks', 'clinicalNotes.contextRules']);
    assert.equal(pkg.capabilities.virtualWorkspaces, true);
    assert.ok(c.configuration.properties['clinicalNotes.knowledgePacks']);
  });

  it('has a walkthrough whose steps have Markdown that exists, a completion event, and buttons for declared commands', () => {
    const [publisherName, id] = WALKTHROUGH_ID.split('#');
    assert.equal(publisherName, `${pkg.publisher}.${pkg.name}`);
    const w = c.walkthroughs.find((x: { id: string }) => x.id === id);
    assert.ok(w, id);
    assert.ok(w.steps.length >= 5);
    for (const step of w.steps) {
      assert.ok(exists(step.media.markdown), step.media.markdown);
      assert.ok(step.completionEvents.length > 0, `${step.id} has a completion event`);
      for (const ev of step.completionEvents) {
        const m = /^onCommand:(.+)$/.exec(ev);
        if (m) assert.ok(declared.has(m[1]!), `${step.id}: ${ev}`);
      }
      for (const m of step.description.matchAll(/\(command:([\w.]+)\)/g)) assert.ok(declared.has(m[1]), `${step.id}: ${m[1]}`);
    }
    assert.ok(exists('media/walkthrough/sample.note'));
  });
});
