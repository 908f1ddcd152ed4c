/**
 * Appending records to one store file, `<sweepDir>/records/<writer>.msgpack`.
 *
 * Each writing process owns its file, so no locks are taken: concurrent processes on a shared
 * filesystem never write the same bytes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StoreError } from '../errors.ts';
import { STORE_FORMAT_VERSION, storeRecordSchema, type StoreRecord } from '../records.ts';
import { encodeFrame } from './framing.ts';

/** The folder of a sweep that holds its store files. */
export const RECORDS_DIR_NAME = 'records';

/** The extension of a store file. */
export const STORE_FILE_EXTENSION = '.msgpack';

/** The longest writer name accepted. */
export const MAX_WRITER_NAME_LENGTH = 128;

const WRITER_NAME_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/** Why `name` cannot name a store file, or undefined when it can. */
export function writerNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (name.length > MAX_WRITER_NAME_LENGTH) {
    return `it has ${name.length} characters, more than ${MAX_WRITER_NAME_LENGTH}`;
  }
  if (name.startsWith('.')) return 'it starts with "."';
  if (!WRITER_NAME_PATTERN.test(name)) return 'it has characters other than A-Z a-z 0-9 . _ -';
  return undefined;
}

let lastNameTimeMs = -1;
let sameTimeCount = 0;

/**
 * A writer name unique to this process and moment: `<prefix>-<hostname>-<pid>-<time base 36>`,
 * with any character a store file name may not hold replaced by `-`.
 *
 * @example defaultWriterName() // 'local-node07-41233-mf3k2x9a'
 */
export function defaultWriterName(prefix = 'local'): string {
  const nowMs = Date.now();
  sameTimeCount = nowMs === lastNameTimeMs ? sameTimeCount + 1 : 0;
  lastNameTimeMs = nowMs;

  // The hostname is the part that gives way when the name would be too long: the pid, time and
  // counter are what keep two names apart.
  const tail = `-${process.pid}-${nowMs.toString(36)}` +
    (sameTimeCount > 0 ? `-${sameTimeCount}` : '');
  const head = sanitize(prefix).replace(/^\.+/, '').slice(0, 48);
  const room = MAX_WRITER_NAME_LENGTH - head.length - tail.length - 1;
  const host = sanitize(os.hostname()).slice(0, Math.max(0, room));
  return `${head}-${host}${tail}`;
}

function sanitize(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '-');
}

/** Options of `StoreWriter.open`; all optional. */
export interface StoreWriterOptions {
  /**
   * Fault injection for crash tests: on this append (1-based) write half the frame, then kill
   * the whole process with SIGKILL, as a crash in the middle of a write would.
   * @internal
   */
  readonly tornWriteAt?: number;
}

/**
 * An open store file that records are appended to.
 *
 * Limitation: records reach the operating system on every `append` but the disk only on
 * `close`, so a killed process loses nothing while a machine that loses power may lose the last
 * records (their cells are then run again).
 *
 * @example
 * const writer = StoreWriter.open('results/my-sweep', defaultWriterName());
 * writer.append(record);
 * writer.close();
 */
export class StoreWriter {
  /** The store file's path. */
  readonly filePath: string;
  /** The writer name, also the file's name without its extension. */
  readonly name: string;
  private fd: number | undefined;

  private readonly tornWriteAt: number | undefined;
  private numAppended = 0;

  private constructor(filePath: string, name: string, fd: number, options: StoreWriterOptions) {
    this.filePath = filePath;
    this.name = name;
    this.fd = fd;
    this.tornWriteAt = options.tornWriteAt;
  }

  /**
   * Opens `<sweepDir>/records/<writer>.msgpack` for appending, creating folders as needed.
   *
   * @throws StoreError `STORE_BAD_NAME` for a writer name that is not a safe file name,
   *   `STORE_IO` when the file cannot be opened.
   */
  static open(sweepDir: string, writer: string, options: StoreWriterOptions = {}): StoreWriter {
    const problem = writerNameProblem(writer);
    if (problem !== undefined) {
      throw new StoreError('STORE_BAD_NAME', `writer name ${JSON.stringify(writer)} cannot ` +
        `name a store file: ${problem}; use up to ${MAX_WRITER_NAME_LENGTH} of A-Z a-z 0-9 ` +
        `. _ -, not starting with "."`);
    }

    const recordsDir = path.join(sweepDir, RECORDS_DIR_NAME);
    const filePath = path.join(recordsDir, `${writer}${STORE_FILE_EXTENSION}`);
    try {
      fs.mkdirSync(recordsDir, { recursive: true });
      return new StoreWriter(filePath, writer, fs.openSync(filePath, 'a'), options);
    } catch (error) {
      throw new StoreError('STORE_IO', `cannot open store file ${filePath} for appending: ` +
        `${describe(error)}`, { cause: error });
    }
  }

  /**
   * Appends one record. The frame goes out in a single write to a file opened for appending,
   * so a process killed part way leaves at worst a torn tail, which readers ignore.
   *
   * @throws StoreError `STORE_BAD_RECORD` for a record readers would reject, `STORE_IO` when
   *   the writer is closed or the write fails.
   */
  append(record: StoreRecord): void {
    const fd = this.openFd();
    const frame = encodeFrame(checkRecord(record));
    this.numAppended += 1;
    if (this.numAppended === this.tornWriteAt) this.dieMidWrite(fd, frame);

    let writtenBytes: number;
    try {
      writtenBytes = fs.writeSync(fd, frame);
    } catch (error) {
      throw new StoreError('STORE_IO', `cannot append to store file ${this.filePath}: ` +
        `${describe(error)}`, { cause: error });
    }
    if (writtenBytes !== frame.length) {
      throw new StoreError('STORE_IO', `short write to store file ${this.filePath}: ` +
        `${writtenBytes} of ${frame.length} bytes; readers will skip the partial record`);
    }
  }

  /** Flushes the file to disk and closes it. Closing twice does nothing. */
  close(): void {
    const fd = this.fd;
    if (fd === undefined) return;
    this.fd = undefined;

    try {
      fs.fsyncSync(fd);
    } catch (error) {
      fs.closeSync(fd);
      throw new StoreError('STORE_IO', `cannot flush store file ${this.filePath} to disk: ` +
        `${describe(error)}`, { cause: error });
    }
    fs.closeSync(fd);
  }

  /** Fault injection: half a frame reaches the file, then the process dies at once. */
  private dieMidWrite(fd: number, frame: Buffer): never {
    fs.writeSync(fd, frame.subarray(0, Math.floor(frame.length / 2)));
    fs.fsyncSync(fd);
    process.kill(process.pid, 'SIGKILL');
    throw new StoreError('STORE_IO', 'unreachable: the process was killed mid-write');
  }

  private openFd(): number {
    if (this.fd === undefined) {
      throw new StoreError('STORE_IO', `store file ${this.filePath} is closed; open a new ` +
        'StoreWriter to append');
    }
    return this.fd;
  }
}

/**
 * The record as readers will see it. Checked here because a record the reader rejects (a NaN
 * in a curve, say) would otherwise be lost silently and its cell run again on every resume.
 */
function checkRecord(record: StoreRecord): StoreRecord {
  if (record.formatVersion !== STORE_FORMAT_VERSION) {
    throw new StoreError('STORE_BAD_RECORD', `record of cell ${record.cellId} has format ` +
      `version ${record.formatVersion}; this phasegrid writes version ${STORE_FORMAT_VERSION}`);
  }

  const parsed = storeRecordSchema.safeParse(record);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((issue) => `  ${issue.path.map(String).join('.') || '(record)'}: ${issue.message}`);
    throw new StoreError('STORE_BAD_RECORD', `record of cell ${record.cellId} does not match ` +
      `the store schema, so readers would skip it:\n${issues.join('\n')}`);
  }
  return parsed.data;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
