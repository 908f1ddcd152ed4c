/** Runs one `fault-injection` cell: does what its configuration asks, tensors never involved. */
import type { RunOptions, RunResult } from '@phasegrid/core';
import type { FaultInjectionConfig } from './definition.ts';
import { PLAIN_JAVASCRIPT_BACKEND } from '../shared/run-result.ts';

export async function runFaultInjection(
  config: FaultInjectionConfig,
  seed: number,
  options: RunOptions,
): Promise<RunResult> {
  const startMs = performance.now();
  const isFailingSeed = config.failingSeeds.length === 0 || config.failingSeeds.includes(seed);
  const value = config.value + seed;
  const curve = { steps: [0, config.steps], values: { value: [0, value] } };

  switch (config.behaviour) {
    case 'finish':
      await sleep(config.seconds * 1000, options.signal);
      break;
    case 'throw':
      await sleep(config.seconds * 1000, options.signal);
      if (isFailingSeed) throw new Error(`fault-injection: thrown on purpose (seed ${seed})`);
      break;
    case 'hang':
      // A busy loop, not a timer: a truly stuck cell cannot answer messages or signals.
      for (;;) Math.sqrt(Math.random());
    case 'exit':
      process.exit(3);
    case 'allocate': {
      // Plain arrays live on the JavaScript heap, which the worker's heap limit bounds
      // (typed arrays' buffers would not count against it).
      const hoard: number[][] = [];
      for (;;) hoard.push(new Array<number>(1 << 20).fill(hoard.length));
    }
    case 'diverge':
      return {
        outcome: 'diverged',
        orderParameters: {},
        curve: { steps: [0], values: { value: [0] } },
        steps: Math.floor(config.steps / 2),
        seconds: (performance.now() - startMs) / 1000,
        backend: PLAIN_JAVASCRIPT_BACKEND,
        divergedAtStep: Math.floor(config.steps / 2),
      };
  }

  return {
    outcome: 'finished',
    orderParameters: { value },
    curve,
    steps: config.steps,
    seconds: (performance.now() - startMs) / 1000,
    backend: PLAIN_JAVASCRIPT_BACKEND,
  };
}

function sleep(durationMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, durationMs);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}
