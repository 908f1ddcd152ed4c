/** The `supervised-contrastive` family: placeholder until its implementation lands. */
import type { ExperimentDefinition } from '@phasegrid/core';
import { z } from 'zod';

export const supervisedContrastiveConfigSchema = z.strictObject({});
export type SupervisedContrastiveConfig = z.infer<typeof supervisedContrastiveConfigSchema>;

export const supervisedContrastiveDefinition: ExperimentDefinition<typeof supervisedContrastiveConfigSchema> = {
  name: 'supervised-contrastive',
  version: 1,
  description: 'placeholder',
  configSchema: supervisedContrastiveConfigSchema,
  defaultOrderParameter: 'value',
  orderParameters: [{ name: 'value', description: 'placeholder', isOnCurve: false }],
};
