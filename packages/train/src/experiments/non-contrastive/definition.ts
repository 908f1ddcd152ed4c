/** The `non-contrastive` family: placeholder until its implementation lands. */
import type { ExperimentDefinition } from '@phasegrid/core';
import { z } from 'zod';

export const nonContrastiveConfigSchema = z.strictObject({});
export type NonContrastiveConfig = z.infer<typeof nonContrastiveConfigSchema>;

export const nonContrastiveDefinition: ExperimentDefinition<typeof nonContrastiveConfigSchema> = {
  name: 'non-contrastive',
  version: 1,
  description: 'placeholder',
  configSchema: nonContrastiveConfigSchema,
  defaultOrderParameter: 'value',
  orderParameters: [{ name: 'value', description: 'placeholder', isOnCurve: false }],
};
