/** Settings of the optimisers; tensor-free so specs validate without tfjs. */
import { z } from 'zod';

const commonFields = {
  learningRate: z.number().positive().max(1000).default(0.02),
  schedule: z.enum(['cosine', 'constant']).default('cosine'),
  weightDecay: z.number().min(0).max(10).default(0),
};

/** Adam (Kingma & Ba) with bias correction. */
export const adamSchema = z.strictObject({
  kind: z.literal('adam'),
  ...commonFields,
  beta1: z.number().min(0).lt(1).default(0.9),
  beta2: z.number().min(0).lt(1).default(0.999),
  epsilon: z.number().positive().default(1e-8),
});

/** Stochastic gradient descent with heavy-ball momentum (0 for plain SGD). */
export const sgdSchema = z.strictObject({
  kind: z.literal('sgd'),
  ...commonFields,
  momentum: z.number().min(0).lt(1).default(0),
});

/** Any optimiser phasegrid trains with, told apart by `kind` (`adam` or `sgd`). */
export const optimizerSchema = z.discriminatedUnion('kind', [adamSchema, sgdSchema]);
/** A parsed optimiser setting: Adam or SGD with their schedules. */
export type OptimizerConfig = z.infer<typeof optimizerSchema>;
/** A parsed Adam setting. */
export type AdamConfig = z.infer<typeof adamSchema>;
