/**
 * Preloaded into every Node process of the integration run (NODE_OPTIONS=--require, set by
 * test/runner/runIntegration.ts), so it wraps Node's network entry points before the extension host loads
 * any extension. Each call is recorded with its stack in `globalThis.__clinicalNotesNetworkGuard`;
 * test/integration/0-privacy.test.ts asserts that none came from the extension's files.
 */
export interface NetworkUse {
  api: string;
  stack: string;
}

export interface NetworkGuard {
  installedAt: number;
  uses: NetworkUse[];
}

declare global {
  // eslint-disable-next-line no-var
  var __clinicalNotesNetworkGuard: NetworkGuard | undefined;
}

function install(): void {
  if (globalThis.__clinicalNotesNetworkGuard) return;
  const guard: NetworkGuard = { installedAt: Date.now(), uses: [] };
  globalThis.__clinicalNotesNetworkGuard = guard;
  const wrap = (owner: Record<string, unknown>, name: string, api: string) => {
    const original = owner[name];
    if (typeof original !== 'function') return;
    owner[name] = function (this: unknown, ...args: unknown[]) {
      guard.uses.push({ api, stack: new Error().stack ?? '' });
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
  };
  const modules: Array<[string, string[]]> = [
    ['net', ['connect', 'createConnection']],
    ['tls', ['connect']],
    ['http', ['request', 'get']],
    ['https', ['request', 'get']],
    ['http2', ['connect']],
    ['dns', ['lookup', 'resolve', 'resolve4', 'resolve6']],
    ['dgram', ['createSocket']],
  ];
  for (const [name, fns] of modules) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(`node:${name}`) as Record<string, unknown>;
    for (const fn of fns) wrap(mod, fn, `${name}.${fn}`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  wrap((require('node:net') as { Socket: { prototype: Record<string, unknown> } }).Socket.prototype, 'connect', 'net.Socket#connect');
  wrap(globalThis as unknown as Record<string, unknown>, 'fetch', 'fetch');
}

install();
