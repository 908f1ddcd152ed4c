import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './write-atomic.ts';

describe('writeFileAtomic', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'phasegrid-write-atomic-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('replaces the contents of an existing file and leaves no temporary file', () => {
    const path = join(dir, 'phase.csv');
    writeFileSync(path, 'old contents that are longer than the new ones\n');
    writeFileAtomic(path, 'new\n');
    expect(readFileSync(path, 'utf8')).toBe('new\n');
    expect(readdirSync(dir)).toEqual(['phase.csv']);
  });

  it('writes bytes and UTF-8 text unchanged', () => {
    const path = join(dir, 'out.bin');
    writeFileAtomic(path, new Uint8Array([0, 255, 10]));
    expect([...readFileSync(path)]).toEqual([0, 255, 10]);
    writeFileAtomic(path, 'coverage — width');
    expect(readFileSync(path, 'utf8')).toBe('coverage — width');
  });

  it('removes its temporary file and keeps the target when the rename fails', () => {
    // Renaming a file over a directory fails, after the temporary file has been written.
    const target = join(dir, 'taken');
    const inner = join(target, 'keep.txt');
    mkdirSync(target);
    writeFileSync(inner, 'kept');
    expect(() => writeFileAtomic(target, 'x')).toThrow();
    expect(readdirSync(dir)).toEqual(['taken']);
    expect(readFileSync(inner, 'utf8')).toBe('kept');
  });
});

