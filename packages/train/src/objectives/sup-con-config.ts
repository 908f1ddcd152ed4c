/** Settings of the supervised contrastive objectives; tensor-free: specs validate without tfjs. */
import { z } from 'zod';

/**
 * Supervised contrastive loss (Khosla et al. 2020) over the `2N` views of a batch, positives
 * being the other views with the same label. `out` is the recommended form (log outside the
 * mean over positives), `in` the form with the mean inside the log.
 */
export const supConSchema = z.strictObject({
  kind: z.literal('supcon'),
  variant: z.enum(['out', 'in']).default('out'),
  /** Temperature `tau` dividing the cosine similarities. */
  temperature: z.number().positive().max(1000).default(0.5),
});

/**
 * SimCLR's NT-Xent loss over the `2N` views: labels are ignored and each view's only positive
 * is the other view of its own sample, i.e. SupCon with every sample its own class.
 */
export const simClrSchema = z.strictObject({
  kind: z.literal('simclr'),
  /** Temperature `tau` dividing the cosine similarities. */
  temperature: z.number().positive().max(1000).default(0.5),
});

export type SupConConfig = z.infer<typeof supConSchema>;
export type SimClrConfig = z.infer<typeof simClrSchema>;
