/**
 * Damaged stores through the CLI: a torn tail and a corrupt record are skipped with a warning
 * naming the file and offset; a record from a newer format is refused naming both versions.
 */
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync }
  from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { phasegridSync, writeSpec } from './helpers.ts';
import { encodeFrame, STORE_FORMAT_VERSION } from './imports.ts';

const workDir = mkdtempSync(join(tmpdir(), 'phasegrid-store-'));
const resultsDir = join(workDir, 'results');
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const specPath = writeSpec(workDir, 'store.json', {
  name: 'store',
  experiment: 'fault-injection',
  axes: { value: [0, 1, 2], steps: [10, 20] },
  seeds: 1,
  diagram: { x: 'value', y: 'steps' },
});

function storeFile(): string {
  const recordsDir = join(resultsDir, 'store', 'records');
  return join(recordsDir, readdirSync(recordsDir)[0]!);
}

describe('damaged stores', () => {
  it('skips a corrupt record with a warning naming file and offset; reruns its cell', () => {
    // One worker, so records alternate started, finished: the 4th is a finished record.
    expect(phasegridSync(workDir, ['grid', specPath, '--results', resultsDir, '--workers', '1'])
      .code).toBe(0);
    const file = storeFile();
    const bytes = readFileSync(file);
    // Flip a byte in the payload of the 4th record.
    let offset = 0;
    for (let i = 0; i < 3; i++) offset += 12 + bytes.readUInt32LE(offset + 4);
    bytes.writeUInt8(bytes.readUInt8(offset + 20) ^ 0xff, offset + 20);
    writeFileSync(file, bytes);

    const report = phasegridSync(workDir, ['report', specPath, '--results', resultsDir]);
    expect(report.code).toBe(0);
    expect(report.stderr).toContain(`warning: ${file} at byte ${offset}: corrupt`);
    expect(report.stderr).toContain('5 of 6 cells finished');

    const rerun = phasegridSync(workDir, ['grid', specPath, '--results', resultsDir]);
    expect(rerun.code).toBe(0);
    expect(rerun.stderr).toContain('6 cells: 5 already finished, 1 to run');
  });

  it('ignores a torn tail with a warning', () => {
    const file = storeFile();
    appendFileSync(file, Buffer.from('PGR1\x40\x00\x00\x00partial'));
    const report = phasegridSync(workDir, ['report', specPath, '--results', resultsDir]);
    expect(report.code).toBe(0);
    expect(report.stderr).toMatch(/warning: .* torn-tail/);
    expect(report.stderr).toContain('6 of 6 cells finished');
  });

  it('refuses a record from a newer store format, naming both versions', () => {
    const future = encodeFrame({ kind: 'started', formatVersion: STORE_FORMAT_VERSION + 1,
      cellId: 'x', atMs: 0, writer: 'future', attempt: 1 });
    writeFileSync(join(resultsDir, 'store', 'records', 'future.msgpack'), future);
    const report = phasegridSync(workDir, ['report', specPath, '--results', resultsDir]);
    expect(report.code).not.toBe(0);
    expect(report.stderr).toContain(String(STORE_FORMAT_VERSION + 1));
    expect(report.stderr).toMatch(/upgrade phasegrid/);
  });
});
