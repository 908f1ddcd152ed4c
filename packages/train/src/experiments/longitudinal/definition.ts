/**
 * The `longitudinal` family (Zhao et al., Medical Image Analysis 2021; SCIENCE.md section 4):
 * does an autoencoder trained on two visits of each subject, with a term aligning every
 * subject's latent change `z_t - z_s` with one learned direction `tau`, find the factor that
 * changes with time (age) better than a plain autoencoder does? Settings live in `config.ts`;
 * which direction each order parameter reads is set out in `measure.ts`.
 */
import type { ExperimentDefinition } from '@phasegrid/core';
import { longitudinalConfigSchema } from './config.ts';
import { longitudinalReportTables } from './report-table.ts';

export {
  longitudinalConfigSchema, longitudinalDataSchema, longitudinalModelSchema,
  longitudinalObjectiveSchema, type LongitudinalConfig, type LongitudinalDataConfig,
  type LongitudinalModelConfig,
} from './config.ts';

/** The family's registry entry. */
export const longitudinalDefinition: ExperimentDefinition<typeof longitudinalConfigSchema> = {
  name: 'longitudinal',
  version: 1,
  description: 'Longitudinal self-supervised learning: does a learned direction capture age?',
  configSchema: longitudinalConfigSchema,
  defaultOrderParameter: 'age_correlation',
  orderParameters: [
    {
      name: 'age_correlation',
      description: '|corr(z^T d, age)| on held-out visits; d = tau if lambda > 0, else the '
        + 'mean-difference direction',
      threshold: 0.8,
      range: [0, 1],
      isOnCurve: true,
    },
    {
      name: 'direction_cosine',
      description: 'mean cos(z_t - z_s, d) on held-out pairs, d as for age_correlation',
      range: [-1, 1],
      isOnCurve: true,
    },
    {
      name: 'age_correlation_tau',
      description: '|corr(z^T tau, age)| on held-out visits (lambda = 0: tau untrained, chance)',
      range: [0, 1],
      isOnCurve: false,
    },
    {
      name: 'age_correlation_mean_difference',
      description: '|corr(z^T m, age)| on held-out visits, m the normalised mean of z_t - z_s '
        + 'over training pairs',
      range: [0, 1],
      isOnCurve: false,
    },
    {
      name: 'age_probe_correlation',
      description: 'supervised ceiling: corr of a linear readout of age from z (fitted on '
        + 'training visits) with held-out ages',
      range: [-1, 1],
      isOnCurve: false,
    },
    {
      name: 'reconstruction_error',
      description: 'held-out mean squared error per coordinate (noise variance is the floor)',
      direction: 'below',
      isOnCurve: true,
    },
    {
      name: 'loss',
      description: 'objective on the last training batch',
      isOnCurve: true,
    },
  ],
  reportTables: longitudinalReportTables,
};
