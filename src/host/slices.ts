/** Work done on the extension host's thread a few milliseconds at a time (pack-thread.ts, pack-thread.web.ts). */

/** The longest the host's thread adopts a prepared load before it lets the event loop run. */
export const SLICE_MS = 8;

/** Runs `steps` to its end, `budgetMs` at a time, letting the event loop run between slices. */
export async function runInSlices<T>(steps: Iterator<void, T>, budgetMs = SLICE_MS): Promise<T> {
  for (;;) {
    const deadline = performance.now() + budgetMs;
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
      if (performance.now() >= deadline) break;
    }
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
}
