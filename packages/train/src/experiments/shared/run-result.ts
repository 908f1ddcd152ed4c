/** Pieces of a `RunResult` every family builds the same way. */
import type { RunResult } from '@phasegrid/core';
import type { CurveRecorder } from '../curve-recorder.ts';

/**
 * What families that train in plain JavaScript (no TensorFlow.js) record as their backend, so
 * a result never claims a backend it did not use.
 */
export const PLAIN_JAVASCRIPT_BACKEND = 'plain-js';

/** The result of a run whose loss or weights stopped being finite at `divergedAtStep`. */
export function divergedResult(
  curve: CurveRecorder,
  divergedAtStep: number,
  startMs: number,
  backend: string,
): RunResult {
  return {
    outcome: 'diverged',
    orderParameters: {},
    curve: curve.toCurve(),
    steps: divergedAtStep,
    seconds: elapsedSeconds(startMs),
    backend,
    divergedAtStep,
  };
}

/** Wall time since `startMs`, to the millisecond (finer digits are timer noise). */
export function elapsedSeconds(startMs: number): number {
  return Math.round(performance.now() - startMs) / 1000;
}
