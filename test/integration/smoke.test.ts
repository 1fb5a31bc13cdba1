/**
 * The harness itself: the extension under test is there, is the packaged one (when the runner
 * says so), activates, and the host is the VS Code the project targets.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'clinical-notes.clinical-notes';

describe('smoke: the extension in a real VS Code', () => {
  it('runs in VS Code 1.100.3', () => {
    assert.equal(vscode.version, '1.100.3');
  });

  it('is installed and activates', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed`);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('is the packaged vsix: only shipped files, no sources or source maps', function () {
    // Set by test/runner/runIntegration.ts, which loads the installed vsix; under
    // @vscode/test-electron the extension is the repo folder, where this does not hold.
    if (process.env.CLINICAL_NOTES_TEST_VSIX !== '1') this.skip();
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const root = ext.extensionPath;
    const main: string = ext.packageJSON.main;
    assert.ok(fs.existsSync(path.join(root, main)), `main ${main} is not in the vsix`);
    for (const absent of ['src', 'test', 'out', 'node_modules', 'tsconfig.json', 'esbuild.mjs']) {
      assert.equal(fs.existsSync(path.join(root, absent)), false, `${absent} should not be shipped`);
    }
    const maps = fs.readdirSync(path.join(root, 'dist')).filter((f) => f.endsWith('.map'));
    assert.deepEqual(maps, [], 'source maps should not be shipped');
  });
});
