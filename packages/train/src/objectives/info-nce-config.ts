/** Settings of the InfoNCE objective; tensor-free so specs validate without tfjs. */
import { z } from 'zod';

/** Settings of the InfoNCE objective. */
export const infoNceSchema = z.strictObject({
  kind: z.literal('infonce'),
  /** `cosine` normalises outputs first (SimCLR); `inner` uses raw inner products. */
  similarity: z.enum(['cosine', 'inner']).default('cosine'),
  /** Temperature `tau` dividing the logits. */
  temperature: z.number().positive().max(1000).default(0.5),
  /** Treat the positive's outputs as constants in each direction. */
  stopGradient: z.boolean().default(false),
  /** Average the row-wise and column-wise losses (both directions). */
  symmetric: z.boolean().default(true),
});

/** Settings of the InfoNCE objective, as `infoNceSchema` parses them. */
export type InfoNceConfig = z.infer<typeof infoNceSchema>;
