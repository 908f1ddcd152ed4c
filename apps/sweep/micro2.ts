import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
await tf.setBackend('wasm'); await tf.ready();
function bench(name: string, f: () => tf.Tensor | tf.Tensor[], n = 3000) {
  for (let i = 0; i < 50; i++) tf.dispose(f());
  const t = performance.now();
  for (let i = 0; i < n; i++) tf.dispose(f());
  console.log(name.padEnd(36), ((performance.now() - t) / n * 1000).toFixed(1), 'us');
}
const buf = new Float32Array(128 * 128).fill(1);
const Wt = tf.randomNormal([128, 32]) as tf.Tensor2D;
const P = tf.randomNormal([128, 32]) as tf.Tensor2D;
bench('tensor2d upload only', () => tf.tensor2d(buf, [128, 128]));
bench('upload + matMul', () => tf.tidy(() => tf.matMul(tf.tensor2d(buf, [128, 128]), Wt)));
bench('slice', () => tf.slice(P, [0, 0], [64, 32]));
bench('split', () => tf.split(P, 2, 0));
bench('reshape', () => tf.reshape(P, [2, 64, 32]));
bench('mean axis1', () => tf.mean(P, 1, true));
bench('tidy(empty)', () => tf.tidy(() => tf.add(P, P)));
bench('softmax 64x64', () => tf.softmax(tf.slice(P, [0,0],[64,32])));
