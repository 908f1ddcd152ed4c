/**
 * Choosing the TensorFlow.js backend: native TensorFlow (the optional `@tensorflow/tfjs-node`)
 * when it loads, else WebAssembly, else plain JavaScript. Each worker thread calls this once.
 */
import * as tf from '@tensorflow/tfjs';

/** Backends phasegrid knows how to start, best first. */
export const BACKEND_NAMES = ['tensorflow', 'wasm', 'cpu'] as const;
/** A TensorFlow.js backend phasegrid can start: `tensorflow` (native), `wasm` or `cpu`. */
export type BackendName = (typeof BACKEND_NAMES)[number];

/** What `initBackend` settled on, and why the better ones were skipped. */
export interface BackendChoice {
  readonly name: BackendName;
  readonly skipped: ReadonlyArray<{ readonly name: BackendName; readonly reason: string }>;
}

let started: Promise<BackendChoice> | undefined;

/**
 * Starts the best available backend, or exactly `requested` if given (failing if it cannot
 * start). Once a backend has started, later calls return it; asking for a different one then
 * fails rather than silently keeping the first. A start that failed is forgotten, so the thread
 * can try again, e.g. with the default order after `tensorflow` could not load.
 */
export function initBackend(requested?: BackendName): Promise<BackendChoice> {
  if (!started) {
    const attempt = chooseBackend(requested);
    started = attempt;
    attempt.catch(() => {
      if (started === attempt) started = undefined;
    });
    return attempt;
  }
  if (requested === undefined) return started;
  return started.then((choice) => {
    if (choice.name !== requested) {
      throw new Error(`cannot start the ${requested} backend: this thread already runs ` +
        `${choice.name} (TensorFlow.js has one backend per thread)`);
    }
    return choice;
  });
}

async function chooseBackend(requested?: BackendName): Promise<BackendChoice> {
  const candidates = requested ? [requested] : [...BACKEND_NAMES];
  const skipped: Array<{ name: BackendName; reason: string }> = [];

  for (const name of candidates) {
    try {
      await loadBackend(name);
      if (await tf.setBackend(name)) {
        await tf.ready();
        return { name, skipped };
      }
      skipped.push({ name, reason: 'setBackend returned false' });
    } catch (error) {
      skipped.push({ name, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  const reasons = skipped.map((entry) => `${entry.name}: ${entry.reason}`).join('; ');
  throw new Error(`no TensorFlow.js backend could start (${reasons})`);
}

async function loadBackend(name: BackendName): Promise<void> {
  switch (name) {
    case 'tensorflow':
      // Optional dependency: absent where its native library could not be downloaded.
      await import('@tensorflow/tfjs-node' as string);
      return;
    case 'wasm':
      await import('@tensorflow/tfjs-backend-wasm');
      return;
    case 'cpu':
      return;
  }
}
