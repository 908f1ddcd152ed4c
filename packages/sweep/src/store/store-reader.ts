/**
 * Reading a sweep's store: every file under `<sweepDir>/records/`, merged into one state per
 * cell.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { StoreError } from '../errors.ts';
import type { FinishedRecord, StoreRecord } from '../records.ts';
import { decodeFrames, type FrameProblem } from './framing.ts';
import { RECORDS_DIR_NAME, STORE_FILE_EXTENSION } from './store-writer.ts';

/** Where a cell stands, from every record of it across all store files. */
export interface CellState {
  cellId: string;
  status: 'finished' | 'failed' | 'started';
  /** The record that decided `status`. */
  latest: StoreRecord;
  /** The result, once the cell has finished. */
  finished?: FinishedRecord;
  /** How many times a run of the cell started. */
  attempts: number;
  /** How many runs of the cell failed. */
  failures: number;
}

/** A damaged stretch of a store file, skipped while reading. */
export interface StoreProblem {
  /** The store file's path. */
  file: string;
  /** Byte offset from the start of the file. */
  offset: number;
  kind: FrameProblem['kind'];
  reason: string;
}

/** Everything a sweep's store holds. */
export interface StoreContents {
  /** The records of each store file, by its path, in the order they were written. */
  records: Map<string, StoreRecord[]>;
  cells: Map<string, CellState>;
  problems: StoreProblem[];
}

const TORN_TAIL_REASON = 'the file ends inside a record, as when a writer is killed mid-append';

/**
 * Reads and merges every store file of a sweep. A sweep with no `records/` folder has an empty
 * store. Damaged stretches are skipped and listed in `problems`.
 *
 * Merge rule: a finished record beats every other (a finished cell is done for good); otherwise
 * the record with the latest `atMs` wins, and on a tie failed beats started. Among several
 * finished records the latest wins too. Exact ties keep the first read, in file name order.
 *
 * @throws StoreError `STORE_NEWER_FORMAT` when a file was written by a newer phasegrid,
 *   `STORE_IO` when a file cannot be read.
 * @example const { cells, problems } = readStore('results/my-sweep');
 */
export function readStore(sweepDir: string): StoreContents {
  const contents: StoreContents = { records: new Map(), cells: new Map(), problems: [] };

  for (const file of listStoreFiles(path.join(sweepDir, RECORDS_DIR_NAME))) {
    const decoded = decodeFrames(readBytes(file), file);
    contents.records.set(file, decoded.records);
    for (const problem of decoded.problems) {
      contents.problems.push({
        file,
        offset: problem.offset,
        kind: problem.kind,
        reason: problem.kind === 'corrupt' ? problem.reason : TORN_TAIL_REASON,
      });
    }
    for (const record of decoded.records) mergeRecord(contents.cells, record);
  }
  return contents;
}

/** The ids of the cells that have finished. */
export function finishedCellIds(contents: StoreContents): Set<string> {
  const ids = new Set<string>();
  for (const cell of contents.cells.values()) {
    if (cell.status === 'finished') ids.add(cell.cellId);
  }
  return ids;
}

/** Store file paths in name order; none when the folder does not exist. */
function listStoreFiles(recordsDir: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(recordsDir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new StoreError('STORE_IO', `cannot list store folder ${recordsDir}: ` +
      `${describe(error)}`, { cause: error });
  }

  // Names starting with "." are never writers; skipping them also skips the `.nfsXXXX` files
  // NFS leaves behind for files deleted while open.
  return entries
    .filter((entry) => entry.name.endsWith(STORE_FILE_EXTENSION) && !entry.name.startsWith('.'))
    .filter((entry) => entry.isFile() || entry.isSymbolicLink())
    .map((entry) => entry.name)
    .sort()
    .map((name) => path.join(recordsDir, name));
}

function readBytes(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new StoreError('STORE_IO', `cannot read store file ${file}: ${describe(error)}`,
      { cause: error });
  }
}

function mergeRecord(cells: Map<string, CellState>, record: StoreRecord): void {
  let cell = cells.get(record.cellId);
  if (cell === undefined) {
    cell = { cellId: record.cellId, status: record.kind, latest: record, attempts: 0,
      failures: 0 };
    cells.set(record.cellId, cell);
  } else if (beats(record, cell.latest)) {
    cell.status = record.kind;
    cell.latest = record;
  }

  switch (record.kind) {
    case 'started':
      cell.attempts++;
      break;
    case 'failed':
      cell.failures++;
      break;
    case 'finished':
      if (cell.latest === record) cell.finished = record;
      break;
    default:
      record satisfies never;
  }
}

const KIND_RANK: Record<StoreRecord['kind'], number> = { started: 0, failed: 1, finished: 2 };

/** Whether `challenger` should replace `holder` as the record deciding a cell's state. */
function beats(challenger: StoreRecord, holder: StoreRecord): boolean {
  const isChallengerFinished = challenger.kind === 'finished';
  const isHolderFinished = holder.kind === 'finished';
  if (isChallengerFinished !== isHolderFinished) return isChallengerFinished;

  if (challenger.atMs !== holder.atMs) return challenger.atMs > holder.atMs;
  return KIND_RANK[challenger.kind] > KIND_RANK[holder.kind];
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
