import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../errors.ts';
import { readStore } from './store-reader.ts';
import { defaultWriterName, StoreWriter, writerNameProblem } from './store-writer.ts';
import { failedRecord, finishedRecord, startedRecord } from './test-records.ts';

let sweepDir: string;

beforeEach(() => {
  sweepDir = fs.mkdtempSync(path.join(os.tmpdir(), 'phasegrid-store-writer-'));
});

afterEach(() => {
  fs.rmSync(sweepDir, { recursive: true, force: true });
});

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(StoreError);
    return (error as StoreError).code;
  }
  return undefined;
}

describe('StoreWriter', () => {
  it('writes records that read back equal, under records/<writer>.msgpack', () => {
    const records = [1, 2, 3].flatMap((i) => [
      startedRecord({ cellId: `c${i}`, atMs: i }),
      finishedRecord({ cellId: `c${i}`, atMs: i + 10 }),
      failedRecord({ cellId: `f${i}`, atMs: i + 20 }),
    ]);

    const writer = StoreWriter.open(sweepDir, 'local-test');
    for (const record of records) writer.append(record);
    writer.close();

    const filePath = path.join(sweepDir, 'records', 'local-test.msgpack');
    expect(writer.filePath).toBe(filePath);
    expect(writer.name).toBe('local-test');
    expect(readStore(sweepDir).records).toEqual(new Map([[filePath, records]]));
  });

  it('appends to an existing file instead of replacing it', () => {
    const first = StoreWriter.open(sweepDir, 'w');
    first.append(startedRecord({ cellId: 'c1' }));
    first.close();
    const second = StoreWriter.open(sweepDir, 'w');
    second.append(startedRecord({ cellId: 'c2' }));
    second.close();

    const [records] = readStore(sweepDir).records.values();
    expect(records?.map((record) => record.cellId)).toEqual(['c1', 'c2']);
  });

  it('refuses a record readers would reject and writes nothing for it', () => {
    const writer = StoreWriter.open(sweepDir, 'w');
    const diverged = finishedRecord();
    diverged.result.curve.values = { coverage: [0, Number.NaN] };

    expect(codeOf(() => writer.append(diverged))).toBe('STORE_BAD_RECORD');
    expect(codeOf(() => writer.append({ ...startedRecord(), formatVersion: 2 })))
      .toBe('STORE_BAD_RECORD');
    writer.close();
    expect(fs.statSync(writer.filePath).size).toBe(0);
  });

  it('refuses to append once closed, and closing twice is harmless', () => {
    const writer = StoreWriter.open(sweepDir, 'w');
    writer.close();
    writer.close();

    expect(codeOf(() => writer.append(startedRecord()))).toBe('STORE_IO');
  });

  it.each(['../x', 'a/b', '.hidden', '', 'a b', 'x'.repeat(129)])(
    'rejects the writer name %j without creating any file', (name) => {
      expect(codeOf(() => StoreWriter.open(sweepDir, name))).toBe('STORE_BAD_NAME');
      expect(fs.readdirSync(sweepDir)).toEqual([]);
      expect(fs.existsSync(path.join(sweepDir, 'x.msgpack'))).toBe(false);
    });

  it('accepts names made of letters, digits, dot, underscore and dash', () => {
    for (const name of ['slurm-123_4.task', '-x', 'x'.repeat(128)]) {
      expect(writerNameProblem(name)).toBeUndefined();
    }
  });
});

describe('defaultWriterName', () => {
  it('starts with the prefix and is a valid writer name', () => {
    const name = defaultWriterName();

    expect(name).toMatch(new RegExp(`^local-.*-${process.pid}-[0-9a-z]+$`));
    expect(writerNameProblem(name)).toBeUndefined();
  });

  it('sanitises the prefix and differs between calls in the same millisecond', () => {
    const names = Array.from({ length: 5 }, () => defaultWriterName('../my shard/'));

    for (const name of names) {
      expect(name.startsWith('-my-shard-')).toBe(true);
      expect(writerNameProblem(name)).toBeUndefined();
    }
    expect(new Set(names).size).toBe(names.length);
  });

  it('stays within the length limit and keeps the pid for a very long prefix', () => {
    const name = defaultWriterName('p'.repeat(300));

    expect(writerNameProblem(name)).toBeUndefined();
    expect(name).toContain(`-${process.pid}-`);
  });
});
