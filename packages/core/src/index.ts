export { Random } from './random.ts';
export {
  randomOrthonormalColumns,
  ridgeRegression,
  withInterceptColumn,
  zerosMatrix,
  type DenseMatrix,
} from './linalg.ts';
export {
  SparseCodingModel,
  sparseCodingDataSchema,
  type SparseCodingBatch,
  type SparseCodingDataConfig,
} from './data/sparse-coding.ts';
export {
  LabelledSparseCodingModel,
  labelledSparseCodingDataSchema,
  type LabelledSparseCodingBatch,
  type LabelledSparseCodingDataConfig,
} from './data/labelled-sparse-coding.ts';
export type {
  ExperimentDefinition,
  ExperimentRunner,
  FinishedCellView,
  LearningCurve,
  OrderParameterInfo,
  ReportTable,
  RunOptions,
  RunOutcome,
  RunResult,
} from './experiment.ts';
export {
  symmetricReluEncoderSchema,
  type SymmetricReluEncoderConfig,
} from './nn/symmetric-relu-encoder-config.ts';
