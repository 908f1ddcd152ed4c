/** The `identifiability` family: placeholder until its implementation lands. */
import type { ExperimentDefinition } from '@phasegrid/core';
import { z } from 'zod';

export const identifiabilityConfigSchema = z.strictObject({});
export type IdentifiabilityConfig = z.infer<typeof identifiabilityConfigSchema>;

export const identifiabilityDefinition: ExperimentDefinition<typeof identifiabilityConfigSchema> = {
  name: 'identifiability',
  version: 1,
  description: 'placeholder',
  configSchema: identifiabilityConfigSchema,
  defaultOrderParameter: 'value',
  orderParameters: [{ name: 'value', description: 'placeholder', isOnCurve: false }],
};
