import { randomBytes } from 'node:crypto';
import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32 } from './crc32.ts';

describe('crc32', () => {
  it('gives the standard check value for "123456789"', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('gives 0 for no bytes', () => {
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('gives known values for short inputs that never reach the 8-byte blocks', () => {
    expect(crc32(Buffer.from('a'))).toBe(0xe8b7be43);
    expect(crc32(Buffer.from('abc'))).toBe(0x352441c2);
  });

  it('gives the known value for a sentence longer than one block', () => {
    const sentence = Buffer.from('The quick brown fox jumps over the lazy dog');
    expect(crc32(sentence)).toBe(0x414fa339);
  });

  it('checksums only the given range', () => {
    const padded = Buffer.from('xx123456789yyy');
    expect(crc32(padded, 2, 11)).toBe(0xcbf43926);
  });

  it('agrees with zlib on random data of every length up to 64 bytes and a large one', () => {
    for (let length = 0; length <= 64; length++) {
      const bytes = randomBytes(length);
      expect(crc32(bytes)).toBe(zlib.crc32(bytes));
    }
    const large = randomBytes(100_003);
    expect(crc32(large)).toBe(zlib.crc32(large));
  });
});
