import * as assert from 'node:assert/strict';
import { classifyPackPath, classifyPackPaths, isContextRulesName, isWorkspacePackName, mayRead } from '../../src/core/knowledge/pack-paths';

describe('configured knowledge pack paths', () => {
  it('reads absolute paths on every platform as absolute', () => {
    for (const p of ['/srv/packs/clinic.json', 'C:\\packs\\clinic.json', 'd:/packs/clinic.json', '\\\\server\\share\\clinic.json']) {
      assert.deepEqual(classifyPackPath(p), { kind: 'absolute', setting: p, path: p }, p);
    }
  });

  it('keeps URIs with a scheme as URIs (virtual workspaces, remote file systems)', () => {
    assert.deepEqual(classifyPackPath('vscode-vfs://github/clinic/packs/a.json'), {
      kind: 'uri',
      setting: 'vscode-vfs://github/clinic/packs/a.json',
      uri: 'vscode-vfs://github/clinic/packs/a.json',
    });
    assert.equal(classifyPackPath('file:///srv/a.json').kind, 'uri');
  });

  it('reads other paths as relative to the workspace folder, with / separators', () => {
    const cases: Array<[string, string]> = [
      ['packs/clinic.json', 'packs/clinic.json'],
      ['./packs/clinic.json', 'packs/clinic.json'],
      ['././x.json', 'x.json'],
      ['packs\\sub\\clinic.json', 'packs/sub/clinic.json'],
      ['${workspaceFolder}/packs/clinic.json', 'packs/clinic.json'],
      ['${workspaceFolder}\\x.json', 'x.json'],
      ['../shared/clinic.json', '../shared/clinic.json'],
      ['  spaced.json  ', 'spaced.json'],
      ['a//b.json', 'a/b.json'],
    ];
    for (const [input, relative] of cases) {
      assert.deepEqual(classifyPackPath(input), { kind: 'workspace', setting: input, relative }, input);
    }
  });

  it('refuses ~, unknown variables, empty entries and non-strings, saying why', () => {
    const tilde = classifyPackPath('~/packs/clinic.json');
    assert.equal(tilde.kind, 'invalid');
    assert.match(tilde.kind === 'invalid' ? tilde.reason : '', /"~".*not expanded.*absolute path/);
    assert.match(JSON.stringify(classifyPackPath('${userHome}/x.json')), /other than \$\{workspaceFolder\}/);
    assert.match(JSON.stringify(classifyPackPath('   ')), /is empty/);
    assert.match(JSON.stringify(classifyPackPath(42)), /not a string/);
    assert.match(JSON.stringify(classifyPackPath('${workspaceFolder}')), /workspace folder itself/);
    assert.match(JSON.stringify(classifyPackPath('./')), /workspace folder itself/);
  });

  it('drops repeats of the same file and ignores a setting that is not a list', () => {
    const list = classifyPackPaths(['a.json', './a.json', '${workspaceFolder}/a.json', '/x/b.json', '/x/b.json', 'b.json']);
    assert.deepEqual(
      list.map((p) => p.setting),
      ['a.json', '/x/b.json', 'b.json'],
    );
    assert.deepEqual(classifyPackPaths('a.json'), []);
    assert.deepEqual(classifyPackPaths(undefined), []);
  });
});

describe('which packs are read in an untrusted workspace', () => {
  it('reads everything in a trusted workspace', () => {
    for (const origin of ['builtin', 'setting', 'workspace-setting', 'workspace-folder'] as const) assert.equal(mayRead(origin, true), true, origin);
  });

  it('reads only the built-in pack and absolute (user) paths in Restricted Mode', () => {
    assert.equal(mayRead('builtin', false), true);
    assert.equal(mayRead('setting', false), true);
    assert.equal(mayRead('workspace-folder', false), false);
    assert.equal(mayRead('workspace-setting', false), false);
  });
});

describe('.clinical-notes file names', () => {
  it('loads *.json (any case), not hidden files or other extensions', () => {
    assert.equal(isWorkspacePackName('clinic.json'), true);
    assert.equal(isWorkspacePackName('CLINIC.JSON'), true);
    assert.equal(isWorkspacePackName('.clinic.json'), false);
    assert.equal(isWorkspacePackName('clinic.json.bak'), false);
    assert.equal(isWorkspacePackName('notes.md'), false);
  });

  it('context rules files (context-rules*.json) are not packs: the context engine reads them', () => {
    for (const name of ['context-rules.json', 'Context-Rules.clinic.json', 'context-rules-ward.json']) {
      assert.equal(isWorkspacePackName(name), false, name);
      assert.equal(isContextRulesName(name), true, name);
    }
    assert.equal(isContextRulesName('clinic.json'), false);
    assert.equal(isContextRulesName('context-rules.json.bak'), false);
    assert.equal(isContextRulesName('my-context-rules.json'), false);
  });
});
