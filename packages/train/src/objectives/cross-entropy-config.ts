/** Settings of the cross-entropy objective; tensor-free so specs validate without tfjs. */
import { z } from 'zod';

/**
 * Cross-entropy of a linear head (weights and bias, trained with the encoder) on the encoder's
 * raw outputs, over both views of every sample: the supervised baseline.
 */
export const crossEntropySchema = z.strictObject({
  kind: z.literal('cross-entropy'),
});

export type CrossEntropyConfig = z.infer<typeof crossEntropySchema>;
