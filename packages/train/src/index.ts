export { infoNce, type InfoNceResult } from './objectives/info-nce.ts';
export { infoNceSchema, type InfoNceConfig } from './objectives/info-nce-config.ts';
export { Optimizer } from './optimizers/optimizer.ts';
export { FlatOptimizer } from './optimizers/flat-optimizer.ts';
export {
  adamSchema,
  optimizerSchema,
  sgdSchema,
  type AdamConfig,
  type OptimizerConfig,
} from './optimizers/optimizer-config.ts';
export { scheduledLearningRate, type ScheduleKind } from './optimizers/schedule.ts';
export {
  measureDictionaryAlignment,
  type DictionaryAlignment,
} from './order-parameters/dictionary-alignment.ts';
export { ternaryProbeAccuracy } from './order-parameters/linear-probe.ts';
export { CurveRecorder } from './experiments/curve-recorder.ts';
export {
  experimentDefinitions,
  findExperiment,
  sparseCodingConfigSchema,
  sparseCodingDefinition,
  type SparseCodingConfig,
} from './experiments/definitions.ts';
export { runExperimentCell } from './experiments/runners.ts';
export { runSparseCoding } from './experiments/sparse-coding/run.ts';
