import { Packr } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { PhasegridError, StoreError } from '../errors.ts';
import type { StoreRecord } from '../records.ts';
import { crc32 } from './crc32.ts';
import { decodeFrames, encodeFrame, FRAME_HEADER_BYTES, MAX_PAYLOAD_BYTES } from './framing.ts';
import { failedRecord, finishedRecord, startedRecord } from './test-records.ts';

const SOURCE = 'records/test.msgpack';

/** Five records of different cells, their frames, and where each frame starts. */
function fiveFrames() {
  const records: StoreRecord[] = [
    startedRecord({ cellId: 'c0' }),
    finishedRecord({ cellId: 'c1' }),
    failedRecord({ cellId: 'c2' }),
    startedRecord({ cellId: 'c3' }),
    finishedRecord({ cellId: 'c4' }),
  ];
  const frames = records.map(encodeFrame);
  const offsets = frames.map((_, i) => frames.slice(0, i).reduce((sum, f) => sum + f.length, 0));
  return { records, frames, offsets, bytes: Buffer.concat(frames) };
}

/** A frame with a correct header around any payload. */
function rawFrame(payload: Buffer): Buffer {
  const header = Buffer.alloc(FRAME_HEADER_BYTES);
  header.write('PGR1', 0, 'latin1');
  header.writeUInt32LE(payload.length, 4);
  header.writeUInt32LE(crc32(payload), 8);
  return Buffer.concat([header, payload]);
}

function cellIds(records: StoreRecord[]): string[] {
  return records.map((record) => record.cellId);
}

describe('encodeFrame', () => {
  it('lays out marker, little-endian length, CRC-32 and a plain MessagePack map', () => {
    const frame = encodeFrame(startedRecord());
    const payload = frame.subarray(FRAME_HEADER_BYTES);

    expect(frame.subarray(0, 4).toString('latin1')).toBe('PGR1');
    expect(frame.readUInt32LE(4)).toBe(payload.length);
    expect(frame.readUInt32LE(8)).toBe(crc32(payload));
    // fixmap (0x80-0x8f) or map16 (0xde): a map, not msgpackr's record extension.
    expect(payload[0]! >> 4 === 0x8 || payload[0] === 0xde).toBe(true);
  });

  it('leaves out properties whose value is undefined', () => {
    const record = failedRecord();
    record.error.stack = undefined;

    const [decoded] = decodeFrames(encodeFrame(record), SOURCE).records;
    expect(decoded).toEqual(failedRecord());
    expect(Object.keys((decoded as typeof record).error)).not.toContain('stack');
  });
});

describe('decodeFrames', () => {
  it('reads back every record of intact frames, in order', () => {
    const { records, bytes } = fiveFrames();

    expect(decodeFrames(bytes, SOURCE)).toEqual({ records, problems: [] });
  });

  it('reads nothing and reports nothing for an empty file', () => {
    expect(decodeFrames(Buffer.alloc(0), SOURCE)).toEqual({ records: [], problems: [] });
  });

  it('ignores a last frame cut at any point and reports one torn tail at its offset', () => {
    const { records, frames, offsets, bytes } = fiveFrames();
    const lastOffset = offsets[4]!;

    for (let cutBytes = 1; cutBytes < frames[4]!.length; cutBytes++) {
      const decoded = decodeFrames(bytes.subarray(0, bytes.length - cutBytes), SOURCE);
      expect(decoded.records).toEqual(records.slice(0, 4));
      expect(decoded.problems).toEqual([{ kind: 'torn-tail', offset: lastOffset }]);
    }
  });

  it('skips a frame whose payload has a flipped byte and keeps the frames after it', () => {
    const { offsets, bytes } = fiveFrames();
    const damaged = Buffer.from(bytes);
    damaged[offsets[1]! + FRAME_HEADER_BYTES + 5]! ^= 0x40;

    const decoded = decodeFrames(damaged, SOURCE);
    expect(cellIds(decoded.records)).toEqual(['c0', 'c2', 'c3', 'c4']);
    expect(decoded.problems).toEqual([
      { kind: 'corrupt', offset: offsets[1], reason: expect.stringContaining('CRC') },
    ]);
  });

  it('skips a garbage run between frames, even one holding a false marker', () => {
    const { frames, offsets } = fiveFrames();
    const garbage = Buffer.concat([Buffer.from('junk PGR1'), Buffer.from([0xff, 0, 0, 0, 1, 2])]);
    const bytes = Buffer.concat([...frames.slice(0, 2), garbage, ...frames.slice(2)]);

    const decoded = decodeFrames(bytes, SOURCE);
    expect(cellIds(decoded.records)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    expect(decoded.problems).toEqual([
      { kind: 'corrupt', offset: offsets[2], reason: 'no frame marker' },
    ]);
  });

  it('treats a length past the cap as corrupt rather than a frame to read', () => {
    const { offsets, bytes } = fiveFrames();
    const damaged = Buffer.from(bytes);
    damaged.writeUInt32LE(MAX_PAYLOAD_BYTES + 1, offsets[1]! + 4);

    const decoded = decodeFrames(damaged, SOURCE);
    expect(cellIds(decoded.records)).toEqual(['c0', 'c2', 'c3', 'c4']);
    expect(decoded.problems).toEqual([
      { kind: 'corrupt', offset: offsets[1], reason: expect.stringContaining('cap') },
    ]);
  });

  it('treats a middle frame whose length runs past the end as corrupt, not a torn tail', () => {
    const { offsets, bytes } = fiveFrames();
    const damaged = Buffer.from(bytes);
    damaged.writeUInt32LE(bytes.length, offsets[1]! + 4);

    const decoded = decodeFrames(damaged, SOURCE);
    expect(cellIds(decoded.records)).toEqual(['c0', 'c2', 'c3', 'c4']);
    expect(decoded.problems.map((problem) => problem.kind)).toEqual(['corrupt']);
  });

  it('reports trailing garbage as corrupt and a torn frame after it as a torn tail', () => {
    const { frames } = fiveFrames();
    const torn = frames[4]!.subarray(0, 30);
    const bytes = Buffer.concat([frames[0]!, Buffer.from('garbage'), torn]);

    const decoded = decodeFrames(bytes, SOURCE);
    expect(cellIds(decoded.records)).toEqual(['c0']);
    expect(decoded.problems).toEqual([
      { kind: 'corrupt', offset: frames[0]!.length, reason: 'no frame marker' },
      { kind: 'torn-tail', offset: frames[0]!.length + 7 },
    ]);
  });

  it('skips an intact frame that is not MessagePack or not a store record', () => {
    const { frames } = fiveFrames();
    const notMsgpack = rawFrame(Buffer.from([0x92, 0x01]));
    const notRecord = rawFrame(new Packr({ useRecords: false }).pack({ kind: 'started' }));
    const bytes = Buffer.concat([notMsgpack, notRecord, frames[0]!]);

    const decoded = decodeFrames(bytes, SOURCE);
    expect(cellIds(decoded.records)).toEqual(['c0']);
    expect(decoded.problems).toEqual([
      { kind: 'corrupt', offset: 0, reason: expect.stringContaining('not MessagePack') },
      { kind: 'corrupt', offset: notMsgpack.length,
        reason: expect.stringContaining('store schema') },
    ]);
  });

  it('refuses a record of a newer format version, naming the file and both versions', () => {
    const newer = { ...startedRecord(), formatVersion: 2 };
    const bytes = Buffer.concat([encodeFrame(startedRecord()), encodeFrame(newer)]);

    let thrown: unknown;
    try {
      decodeFrames(bytes, SOURCE);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StoreError);
    expect(thrown).toBeInstanceOf(PhasegridError);
    expect((thrown as StoreError).code).toBe('STORE_NEWER_FORMAT');
    const message = (thrown as StoreError).message;
    expect(message).toContain(SOURCE);
    expect(message).toMatch(/version 2\b/);
    expect(message).toMatch(/up to 1\b/);
    expect(message).toContain('upgrade phasegrid');
  });
});
