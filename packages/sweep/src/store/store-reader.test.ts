import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoreRecord } from '../records.ts';
import { finishedCellIds, readStore } from './store-reader.ts';
import { StoreWriter } from './store-writer.ts';
import { failedRecord, finishedRecord, startedRecord } from './test-records.ts';

let sweepDir: string;

beforeEach(() => {
  sweepDir = fs.mkdtempSync(path.join(os.tmpdir(), 'phasegrid-store-reader-'));
});

afterEach(() => {
  fs.rmSync(sweepDir, { recursive: true, force: true });
});

function writeFile(writer: string, records: StoreRecord[]): string {
  const store = StoreWriter.open(sweepDir, writer);
  for (const record of records) store.append(record);
  store.close();
  return store.filePath;
}

describe('readStore', () => {
  it('reads an empty store when there is no records folder or no sweep folder', () => {
    for (const dir of [sweepDir, path.join(sweepDir, 'missing')]) {
      const contents = readStore(dir);
      expect(contents.records.size).toBe(0);
      expect(contents.cells.size).toBe(0);
      expect(contents.problems).toEqual([]);
    }
  });

  it('lets a finished record in one file beat a later start in another', () => {
    const finished = finishedRecord({ atMs: 100 });
    writeFile('a', [startedRecord({ atMs: 50 }), finished]);
    writeFile('b', [startedRecord({ atMs: 200, attempt: 2 })]);

    const cell = readStore(sweepDir).cells.get('cell-a');
    expect(cell).toEqual({ cellId: 'cell-a', status: 'finished', latest: finished, finished,
      attempts: 2, failures: 0 });
  });

  it('lets a later start beat an earlier failure, and keeps counting both', () => {
    const restarted = startedRecord({ atMs: 300, attempt: 2 });
    writeFile('a', [restarted]);
    writeFile('b', [startedRecord({ atMs: 100 }), failedRecord({ atMs: 200 })]);

    const cell = readStore(sweepDir).cells.get('cell-a');
    expect(cell?.status).toBe('started');
    expect(cell?.latest).toEqual(restarted);
    expect(cell?.finished).toBeUndefined();
    expect([cell?.attempts, cell?.failures]).toEqual([2, 1]);
  });

  it('lets a finish beat a later failure', () => {
    const finished = finishedRecord({ atMs: 100 });
    writeFile('a', [failedRecord({ atMs: 50 }), failedRecord({ atMs: 500 })]);
    writeFile('b', [finished]);

    const cell = readStore(sweepDir).cells.get('cell-a');
    expect(cell?.status).toBe('finished');
    expect(cell?.finished).toEqual(finished);
    expect(cell?.failures).toBe(2);
  });

  it('lets a failure beat a start at the same time, whichever file is read first', () => {
    for (const [first, second] of [['a', 'b'], ['b', 'a']] as const) {
      fs.rmSync(path.join(sweepDir, 'records'), { recursive: true, force: true });
      writeFile(first, [failedRecord({ atMs: 100 })]);
      writeFile(second, [startedRecord({ atMs: 100 })]);

      expect(readStore(sweepDir).cells.get('cell-a')?.status).toBe('failed');
    }
  });

  it('takes the latest of several finished records', () => {
    const later = finishedRecord({ atMs: 200, attempt: 2 });
    writeFile('a', [later]);
    writeFile('b', [finishedRecord({ atMs: 100 })]);

    expect(readStore(sweepDir).cells.get('cell-a')?.finished).toEqual(later);
  });

  it('lists the ids of finished cells only', () => {
    writeFile('a', [
      finishedRecord({ cellId: 'done' }),
      startedRecord({ cellId: 'running' }),
      failedRecord({ cellId: 'broken' }),
    ]);

    expect(finishedCellIds(readStore(sweepDir))).toEqual(new Set(['done']));
  });

  it('reports a torn tail with the file path and keeps the records before it', () => {
    const filePath = writeFile('a', [startedRecord({ cellId: 'c1' }),
      startedRecord({ cellId: 'c2' })]);
    const fullBytes = fs.statSync(filePath).size;
    fs.truncateSync(filePath, fullBytes - 3);

    const contents = readStore(sweepDir);
    expect([...contents.cells.keys()]).toEqual(['c1']);
    expect(contents.problems).toEqual([{ file: filePath, offset: fullBytes / 2,
      kind: 'torn-tail', reason: expect.stringContaining('mid-append') }]);
  });

  it('reads only *.msgpack files whose names do not start with a dot', () => {
    writeFile('a', [startedRecord({ cellId: 'kept' })]);
    const recordsDir = path.join(sweepDir, 'records');
    fs.writeFileSync(path.join(recordsDir, 'notes.txt'), 'not a store file');
    fs.copyFileSync(path.join(recordsDir, 'a.msgpack'), path.join(recordsDir, '.nfs0001.msgpack'));
    fs.mkdirSync(path.join(recordsDir, 'folder.msgpack'));

    const contents = readStore(sweepDir);
    expect([...contents.records.keys()]).toEqual([path.join(recordsDir, 'a.msgpack')]);
    expect(contents.problems).toEqual([]);
  });
});
