/**
 * The registry of experiment families, tensor-free: importing it loads no TensorFlow.js, so a
 * main thread can validate specs and plan sweeps without it. Runners live in `runners.ts`.
 * Adding a family means adding its definition here and its runner there.
 */
import type { ExperimentDefinition } from '@phasegrid/core';
import { faultInjectionDefinition } from './fault-injection/definition.ts';
import { identifiabilityDefinition } from './identifiability/definition.ts';
import { latentTreeDefinition } from './latent-tree/definition.ts';
import { longitudinalDefinition } from './longitudinal/definition.ts';
import { nonContrastiveDefinition } from './non-contrastive/definition.ts';
import { supervisedContrastiveDefinition } from './supervised-contrastive/definition.ts';
import { sparseCodingDefinition } from './sparse-coding/definition.ts';

/** Every registered family, by name. */
export const experimentDefinitions: ReadonlyMap<string, ExperimentDefinition> = new Map<
  string,
  ExperimentDefinition
>([
  [sparseCodingDefinition.name, sparseCodingDefinition],
  [identifiabilityDefinition.name, identifiabilityDefinition],
  [latentTreeDefinition.name, latentTreeDefinition],
  [longitudinalDefinition.name, longitudinalDefinition],
  [nonContrastiveDefinition.name, nonContrastiveDefinition],
  [supervisedContrastiveDefinition.name, supervisedContrastiveDefinition],
  [faultInjectionDefinition.name, faultInjectionDefinition],
]);

/** The family called `name`, or undefined. */
export function findExperiment(name: string): ExperimentDefinition | undefined {
  return experimentDefinitions.get(name);
}

export { sparseCodingConfigSchema, sparseCodingDefinition } from './sparse-coding/definition.ts';
export type { SparseCodingConfig } from './sparse-coding/definition.ts';
export {
  faultInjectionConfigSchema,
  faultInjectionDefinition,
  type FaultInjectionConfig,
} from './fault-injection/definition.ts';
