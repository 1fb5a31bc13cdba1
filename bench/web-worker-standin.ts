/**
 * A browser `Worker` for Node, so the web build's pack worker (dist/web/pack-worker.js, a classic worker script)
 * and the web host's side of it (src/host/pack-thread.web.ts) run here as they do in a browser: the script is
 * read from its blob: URL and run in a worker thread whose global has `self`, `postMessage` and `onmessage`;
 * messages and transfer lists go over the thread's port as a Worker's do. Used by the bench's web-host figures
 * and test/build/web-pack-worker.test.ts; the real browser path is proven by test/e2e/browser.e2e.ts.
 */
import { resolveObjectURL } from 'node:buffer';
import { Worker as NodeWorker } from 'node:worker_threads';

const BOOT = `
const { parentPort } = require('node:worker_threads');
const vm = require('node:vm');
parentPort.once('message', (script) => {
  globalThis.self = globalThis;
  globalThis.postMessage = (message, transfer) => parentPort.postMessage(message, transfer);
  parentPort.on('message', (data) => globalThis.onmessage && globalThis.onmessage({ data }));
  vm.runInThisContext(script, { filename: 'pack-worker.js' });
});`;

export class WebWorkerStandIn {
  private readonly thread = new NodeWorker(BOOT, { eval: true });
  private readonly started: Promise<void>;

  constructor(url: string) {
    const blob = resolveObjectURL(url);
    if (!blob) throw new TypeError(`no blob at ${url}`);
    this.started = blob.text().then((script) => this.thread.postMessage(script));
  }

  postMessage(message: unknown, transfer: ArrayBuffer[] = []): void {
    void this.started.then(() => this.thread.postMessage(message, transfer));
  }

  addEventListener(type: 'message' | 'error', listener: (event: { data?: unknown; message?: string }) => void): void {
    if (type === 'message') this.thread.on('message', (data) => listener({ data }));
    else this.thread.on('error', (err) => listener({ message: err.message }));
  }

  terminate(): void {
    void this.thread.terminate();
  }
}

/** Runs `fn` with `WebWorkerStandIn` as the global `Worker`, as in a browser host. */
export async function withWebWorker<T>(fn: () => Promise<T>): Promise<T> {
  const g = globalThis as { Worker?: unknown };
  const before = g.Worker;
  g.Worker = WebWorkerStandIn;
  try {
    return await fn();
  } finally {
    if (before === undefined) delete g.Worker;
    else g.Worker = before;
  }
}
