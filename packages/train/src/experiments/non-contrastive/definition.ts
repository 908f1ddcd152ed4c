/**
 * The `non-contrastive` family (Tian, Chen & Ganguli 2021): BYOL/SimSiam in a linear network.
 * Which eigenmodes of the input survive under weight decay and augmentation noise, with a
 * trained predictor, DirectPred, or none? Settings live in `config.ts`.
 */
import type { ExperimentDefinition } from '@phasegrid/core';
import { nonContrastiveConfigSchema, predictNonContrastive } from './config.ts';
import { nonContrastiveReportTables } from './report.ts';

export {
  inputVariances, nonContrastiveConfigSchema, nonContrastivePredictorSchema,
  nonContrastiveTargetSchema, predictNonContrastive, type NonContrastiveConfig,
} from './config.ts';

export const nonContrastiveDefinition: ExperimentDefinition<typeof nonContrastiveConfigSchema> = {
  name: 'non-contrastive',
  version: 1,
  description: 'BYOL/SimSiam in a linear network: surviving eigenmodes under weight decay',
  configSchema: nonContrastiveConfigSchema,
  defaultOrderParameter: 'surviving_modes',
  orderParameters: [
    {
      name: 'surviving_modes',
      description: 'eigenvalues of W W^T above relativeThreshold of the initial largest',
      isOnCurve: true,
    },
    {
      name: 'surviving_modes_correlation',
      description: 'eigenvalues of the online correlation F above relativeThreshold of F\'s '
        + 'initial largest',
      isOnCurve: true,
    },
    {
      name: 'alignment',
      description: 'share of |W_p|^2 on the diagonal in F\'s eigenbasis (1: aligned)',
      threshold: 0.9,
      range: [0, 1],
      isOnCurve: true,
    },
    {
      name: 'loss',
      description: 'objective on fresh samples after training',
      isOnCurve: true,
    },
  ],
  predictOrderParameter: predictNonContrastive,
  reportTables: nonContrastiveReportTables,
};
