import { describe, expect, it } from 'vitest';
import { initBackend } from './backend.ts';

describe('initBackend', () => {
  it('forgets a failed start, keeps a started backend, and refuses to switch', async () => {
    // Native TensorFlow loads only where @tensorflow/tfjs-node installed; both paths are checked.
    const native = await initBackend('tensorflow').then((choice) => choice, () => undefined);
    const expected = native ? 'tensorflow' : 'cpu';
    if (!native) {
      // The failed attempt must not poison the thread: asking for cpu now works.
      await expect(initBackend('cpu')).resolves.toMatchObject({ name: 'cpu' });
    }
    await expect(initBackend()).resolves.toMatchObject({ name: expected });
    await expect(initBackend(expected)).resolves.toMatchObject({ name: expected });
    await expect(initBackend('wasm')).rejects.toThrow(
      `cannot start the wasm backend: this thread already runs ${expected}`);
  });
});
