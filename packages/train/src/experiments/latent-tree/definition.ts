/**
 * The `latent-tree` family (Tian, Yu, Chen & Ganguli 2020, "Understanding self-supervised
 * learning with dual deep networks", section 6; SCIENCE.md section 5): contrastive learning on
 * a hierarchical latent tree model with an encoder that mirrors the tree. Does training make
 * the neurons of the deep latent nodes (near the root) track those nodes, toward the Bayes
 * ceiling, and how does that depend on `hid` (neurons per node) and `delta_lower` (how
 * faithfully children copy their parents)? Tensor-free: importing it loads no TensorFlow.js.
 * Settings live in `config.ts`.
 */
import type { ExperimentDefinition, OrderParameterInfo } from '@phasegrid/core';
import { latentTreeConfigSchema, MAX_DEPTH } from './config.ts';
import { latentTreeReportTables } from './report-table.ts';

export {
  latentTreeConfigSchema, latentTreeObjectiveSchema, type LatentTreeConfig,
} from './config.ts';

/** The order parameters every depth has, for the depths of the default tree. */
function depthOrderParameters(maxDepth: number): OrderParameterInfo[] {
  const out: OrderParameterInfo[] = [];
  for (let d = 0; d < maxDepth; d++) {
    out.push(
      { name: `corr_depth_${d}`, range: [0, 1], isOnCurve: false,
        description: `mean over depth-${d} nodes of the best |corr| of the node and a neuron` },
      { name: `untrained_corr_depth_${d}`, range: [0, 1], isOnCurve: false,
        description: `corr_depth_${d} of the network at initialisation` },
      { name: `bayes_corr_depth_${d}`, range: [0, 1], isOnCurve: false,
        description: `mean over depth-${d} nodes of corr(node, exact posterior mean)` },
    );
  }
  return out;
}

/**
 * The family as the registry sees it. Example: `{ "tree": { "delta_lower": 0.7 },
 * "encoder": { "hid": 10 } }` is the science test's cell.
 */
export const latentTreeDefinition: ExperimentDefinition<typeof latentTreeConfigSchema> = {
  name: 'latent-tree',
  version: 1,
  description: 'Contrastive learning on a hierarchical latent tree: deep-node selectivity',
  configSchema: latentTreeConfigSchema,
  defaultOrderParameter: 'deep_ceiling_fraction',
  orderParameters: [
    {
      name: 'deep_corr',
      description: 'corr_depth_d averaged over the deepDepths depths nearest the root',
      range: [0, 1],
      isOnCurve: true,
    },
    {
      name: 'deep_untrained_corr',
      description: 'the same for the network at initialisation',
      range: [0, 1],
      isOnCurve: false,
    },
    {
      name: 'deep_bayes_corr',
      description: 'the Bayes ceiling of deep_corr: posterior means given the leaves',
      range: [0, 1],
      isOnCurve: false,
    },
    {
      name: 'deep_ceiling_fraction',
      description: 'deep_corr / deep_bayes_corr: the share of the achievable signal found',
      threshold: 0.9,
      range: [0, 1],
      isOnCurve: true,
    },
    {
      name: 'deep_gap_closed',
      description: '(deep_corr - untrained) / (bayes - untrained); null where bayes - '
        + 'untrained < 0.02. Wider untrained nets start higher, so this falls with hid',
      range: [0, 1],
      isOnCurve: true,
    },
    {
      name: 'root_effective_rank',
      description: 'entropy effective rank of the covariance of the normalised root output',
      isOnCurve: true,
    },
    { name: 'loss', description: 'objective on a fresh batch after training', isOnCurve: true },
    ...depthOrderParameters(MAX_DEPTH),
  ],
  reportTables: latentTreeReportTables,
};
