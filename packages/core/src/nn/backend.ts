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

let pending: Promise<BackendChoice> | undefined;

/**
 * Starts the best available backend, or exactly `requested` if given (failing if it cannot
 * start). Idempotent per thread: later calls return the first choice.
 */
export function initBackend(requested?: BackendName): Promise<BackendChoice> {
  pending ??= chooseBackend(requested);
  return pending;
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
