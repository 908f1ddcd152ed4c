export { canonicalJson } from './canonical.ts';
export { cellId, countCells, isInShard, planCells, type Cell } from './cells.ts';
export { listConfigPaths, withValueAtPath } from './config-paths.ts';
export { InputError, PhasegridError, StoreError, type InputIssue } from './errors.ts';
export { loadSpec, parseJson } from './load-spec.ts';
export { CellPool, type CellPoolOptions, type CellStop } from './pool/cell-pool.ts';
export type { CellTask, CellTaskOutcome } from './pool/cell-task.ts';
export { currentProvenance } from './provenance.ts';
export {
  STORE_FORMAT_VERSION,
  storeRecordSchema,
  type CellDescription,
  type FailedRecord,
  type FinishedRecord,
  type Provenance,
  type StartedRecord,
  type StoreRecord,
} from './records.ts';
export {
  runSweep,
  sweepDirectory,
  type RunSweepOptions,
  type SweepEvent,
  type SweepSummary,
} from './run-sweep.ts';
export { parseSpec, SPEC_LIMITS, specSchema, type Spec } from './spec.ts';
export { nearest } from './suggest.ts';
export {
  heatmapFileName,
  writeSweepOutputs,
  type OutputFiles,
  type OutputOptions,
} from './write-outputs.ts';
export type { RunCounts } from './cell-scheduler.ts';
export * from './store/index.ts';
export * from './outputs/index.ts';
export * from './aggregate.ts';
export { resolveShard, SHARD_ENV, shardWriterName, type ShardSelection } from './shards.ts';
export {
  clusterStatus,
  jobName,
  resubmitSweep,
  submitSweep,
  type ClusterOptions,
  type ClusterStatus,
  type SubmitResult,
  type TaskCommand,
} from './slurm/cluster-sweep.ts';
export {
  compressIndices,
  readClusterState,
  type ClusterState,
  type SubmittedArray,
} from './slurm/cluster-state.ts';
export {
  countIndices,
  sbatchResourcesSchema,
  sbatchScript,
  shellQuote,
  type SbatchResources,
  type SbatchScriptInput,
} from './slurm/sbatch-script.ts';
export {
  runCommand,
  SlurmClient,
  SlurmError,
  type CommandResult,
  type CommandRunner,
  type QueuedTask,
  type SlurmClientOptions,
} from './slurm/slurm-client.ts';
