/** Settings of the encoder of Wen & Li (2021); tensor-free so specs validate without tfjs. */
import { z } from 'zod';

/** Settings of the thresholded symmetric-ReLU encoder. */
export const symmetricReluEncoderSchema = z.strictObject({
  /** Number of hidden neurons `m`. */
  width: z.int().min(1).max(4096).default(32),
  /** `b_i = thresholdScale * std(<w_i, x>)`; 0 makes the encoder linear. */
  thresholdScale: z.number().min(0).max(100).default(0.5),
});

/** Settings of the thresholded symmetric-ReLU encoder, as its schema parses them. */
export type SymmetricReluEncoderConfig = z.infer<typeof symmetricReluEncoderSchema>;
