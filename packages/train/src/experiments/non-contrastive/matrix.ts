/**
 * Small dense matrices of 64-bit floats, row-major. This family's model is linear and tiny
 * (16 x 16): plain loops cost well under a microsecond per product row, while a TensorFlow.js
 * op costs 5-10 us of overhead (wasm), so a step here is faster without tensors.
 */

export interface Mat {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export function zeros(rows: number, cols: number): Mat {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

export function identity(size: number): Mat {
  const out = zeros(size, size);
  for (let i = 0; i < size; i++) out.data[i * size + i] = 1;
  return out;
}

export function copy(a: Mat): Mat {
  return { rows: a.rows, cols: a.cols, data: Float64Array.from(a.data) };
}

/** `op(a) op(b)` where op transposes when the flag is set. */
export function multiply(a: Mat, b: Mat, isATransposed = false, isBTransposed = false): Mat {
  const rows = isATransposed ? a.cols : a.rows;
  const inner = isATransposed ? a.rows : a.cols;
  const innerB = isBTransposed ? b.cols : b.rows;
  const cols = isBTransposed ? b.rows : b.cols;
  if (inner !== innerB) {
    throw new RangeError(`multiply: inner sizes differ (${inner} and ${innerB})`);
  }
  const out = zeros(rows, cols);
  // Locals and unit-stride inner loops: property loads inside the loops cost more than the math.
  const left = isATransposed ? transpose(a).data : a.data;
  const right = isBTransposed ? transpose(b).data : b.data;
  const result = out.data;
  for (let i = 0; i < rows; i++) {
    const outRow = i * cols;
    for (let k = 0; k < inner; k++) {
      const aik = left[i * inner + k]!;
      if (aik === 0) continue;
      const rightRow = k * cols;
      for (let j = 0; j < cols; j++) result[outRow + j]! += aik * right[rightRow + j]!;
    }
  }
  return out;
}

/** `target += scale * source`, in place; returns `target`. */
export function addScaled(target: Mat, source: Mat, scale: number): Mat {
  for (let i = 0; i < target.data.length; i++) target.data[i]! += scale * source.data[i]!;
  return target;
}

export function transpose(a: Mat): Mat {
  const out = zeros(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) out.data[j * a.rows + i] = a.data[i * a.cols + j]!;
  }
  return out;
}

/** `tr(a b^T)`, the Frobenius inner product. */
export function innerProduct(a: Mat, b: Mat): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += a.data[i]! * b.data[i]!;
  return sum;
}

export function isFiniteMatrix(a: Mat): boolean {
  return a.data.every(Number.isFinite);
}
