/**
 * Frames: how one store record sits in a store file.
 *
 * A frame is a 12-byte header and a payload:
 *
 *   offset  bytes  field
 *   0       4      marker, ASCII "PGR1"
 *   4       4      payload length in bytes, u32 little-endian
 *   8       4      CRC-32 (IEEE) of the payload, u32 little-endian
 *   12      n      payload: the record as a plain MessagePack map
 *
 * The length lets a reader step from frame to frame; the CRC tells it whether the bytes are the
 * ones that were written; the marker lets it find the next frame after damage.
 */
import { Packr, type Options } from 'msgpackr';
import { StoreError } from '../errors.ts';
import { STORE_FORMAT_VERSION, storeRecordSchema, type StoreRecord } from '../records.ts';
import { crc32 } from './crc32.ts';

/** The four bytes that open every frame. */
export const FRAME_MARKER: Buffer = Buffer.from('PGR1', 'latin1');

/** Marker, length and CRC. */
export const FRAME_HEADER_BYTES = 12;

/**
 * The largest payload a reader accepts, 64 MiB. A record is a few kilobytes; the cap keeps a
 * damaged length field from passing for a frame that swallows the rest of the file.
 */
export const MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;

/** Something wrong in a store file, at a byte offset from its start. */
export type FrameProblem =
  | { kind: 'torn-tail'; offset: number }
  | { kind: 'corrupt'; offset: number; reason: string };

/** What a store file's bytes hold. */
export interface DecodedFrames {
  records: StoreRecord[];
  problems: FrameProblem[];
}

// Plain maps (no msgpackr record extension) so any MessagePack reader can open a store file;
// properties holding `undefined` are left out, as JSON would, instead of becoming an extension.
const packrOptions: Options & { skipValues: unknown[] } = {
  useRecords: false,
  skipValues: [undefined],
};
const packr = new Packr(packrOptions);

/** One record as a frame, ready to be appended to a store file in a single write. */
export function encodeFrame(record: StoreRecord): Buffer {
  const payload = packr.pack(record);
  if (payload.length > MAX_PAYLOAD_BYTES) {
    throw new StoreError('STORE_BAD_RECORD', `record of cell ${record.cellId} packs to ` +
      `${payload.length} bytes, more than the ${MAX_PAYLOAD_BYTES} a store frame may hold`);
  }

  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
  FRAME_MARKER.copy(frame, 0);
  frame.writeUInt32LE(payload.length, 4);
  frame.writeUInt32LE(crc32(payload), 8);
  payload.copy(frame, FRAME_HEADER_BYTES);
  return frame;
}

/**
 * Every record in a store file's bytes, and the problems met on the way.
 *
 * A file that ends inside a frame (a writer killed mid-append) gives a `torn-tail` problem and
 * the incomplete frame is ignored. A damaged frame elsewhere gives a `corrupt` problem and the
 * reader resumes at the next marker whose frame checks out, so the records after it survive.
 * `source` names the file in errors.
 *
 * @throws StoreError `STORE_NEWER_FORMAT` when an intact record has a newer format version.
 */
export function decodeFrames(bytes: Buffer, source: string): DecodedFrames {
  const records: StoreRecord[] = [];
  const problems: FrameProblem[] = [];
  let offset = 0;

  while (offset < bytes.length) {
    const frame = inspectFrame(bytes, offset);
    if (frame.status === 'intact') {
      const decoded = decodePayload(bytes, frame, source);
      if (typeof decoded === 'string') {
        problems.push({ kind: 'corrupt', offset, reason: decoded });
      } else {
        records.push(decoded);
      }
      offset = frame.end;
      continue;
    }

    const next = findIntactFrame(bytes, offset + 1);
    if (next === -1) {
      problems.push(...describeDamagedTail(bytes, offset, frame));
      break;
    }
    problems.push({ kind: 'corrupt', offset, reason: frame.reason });
    offset = next;
  }
  return { records, problems };
}

type FrameInspection =
  | { status: 'intact'; offset: number; payloadStart: number; end: number }
  | { status: 'torn'; reason: string }
  | { status: 'damaged'; reason: string };

/** Whether a checksummed frame starts at `offset`; does not look inside the payload. */
function inspectFrame(bytes: Buffer, offset: number): FrameInspection {
  const available = bytes.length - offset;
  const markerBytes = Math.min(available, FRAME_MARKER.length);
  if (bytes.compare(FRAME_MARKER, 0, markerBytes, offset, offset + markerBytes) !== 0) {
    return { status: 'damaged', reason: 'no frame marker' };
  }
  if (available < FRAME_HEADER_BYTES) {
    return { status: 'torn', reason: `file ends inside a frame header (${available} of ` +
      `${FRAME_HEADER_BYTES} bytes)` };
  }

  const length = bytes.readUInt32LE(offset + 4);
  if (length > MAX_PAYLOAD_BYTES) {
    return { status: 'damaged', reason: `payload length ${length} exceeds the ` +
      `${MAX_PAYLOAD_BYTES}-byte cap` };
  }
  const payloadStart = offset + FRAME_HEADER_BYTES;
  const end = payloadStart + length;
  if (end > bytes.length) {
    return { status: 'torn', reason: `file ends inside a frame (${bytes.length - payloadStart} ` +
      `of ${length} payload bytes)` };
  }

  const expectedCrc = bytes.readUInt32LE(offset + 8);
  if (crc32(bytes, payloadStart, end) !== expectedCrc) {
    return { status: 'damaged', reason: 'payload CRC-32 mismatch' };
  }
  return { status: 'intact', offset, payloadStart, end };
}

/** The offset of the first intact frame at or after `from`, or -1. */
function findIntactFrame(bytes: Buffer, from: number): number {
  let candidate = bytes.indexOf(FRAME_MARKER, from);
  while (candidate !== -1) {
    if (inspectFrame(bytes, candidate).status === 'intact') return candidate;
    candidate = bytes.indexOf(FRAME_MARKER, candidate + 1);
  }
  return -1;
}

/**
 * Problems for a damaged stretch at `offset` with no intact frame after it. A frame cut short
 * is a torn tail; anything else is corrupt, possibly followed by a torn frame further on.
 */
function describeDamagedTail(bytes: Buffer, offset: number,
  frame: Exclude<FrameInspection, { status: 'intact' }>): FrameProblem[] {
  if (frame.status === 'torn') return [{ kind: 'torn-tail', offset }];

  const problems: FrameProblem[] = [{ kind: 'corrupt', offset, reason: frame.reason }];
  const tornOffset = findTornFrame(bytes, offset + 1);
  if (tornOffset !== -1) problems.push({ kind: 'torn-tail', offset: tornOffset });
  return problems;
}

/** The offset of the first frame at or after `from` that the file cuts short, or -1. */
function findTornFrame(bytes: Buffer, from: number): number {
  // A cut inside the marker itself leaves a prefix of it that indexOf cannot find, so the last
  // few offsets are tried one by one.
  const lastWholeMarker = bytes.length - FRAME_MARKER.length;
  for (let candidate = bytes.indexOf(FRAME_MARKER, from); candidate !== -1;
    candidate = bytes.indexOf(FRAME_MARKER, candidate + 1)) {
    if (inspectFrame(bytes, candidate).status === 'torn') return candidate;
  }
  for (let candidate = Math.max(from, lastWholeMarker + 1); candidate < bytes.length;
    candidate++) {
    if (inspectFrame(bytes, candidate).status === 'torn') return candidate;
  }
  return -1;
}

/** The record in an intact frame, or why it is not one. */
function decodePayload(bytes: Buffer, frame: { offset: number; payloadStart: number;
  end: number }, source: string): StoreRecord | string {
  let value: unknown;
  try {
    value = packr.unpack(bytes, { start: frame.payloadStart, end: frame.end });
  } catch (error) {
    return `payload is not MessagePack: ${error instanceof Error ? error.message : error}`;
  }

  rejectNewerFormat(value, frame.offset, source);
  const parsed = storeRecordSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3)
      .map((issue) => `${issue.path.map(String).join('.') || '(record)'}: ${issue.message}`);
    return `record does not match the store schema: ${issues.join('; ')}`;
  }
  return parsed.data;
}

function rejectNewerFormat(value: unknown, offset: number, source: string): void {
  if (typeof value !== 'object' || value === null) return;
  const formatVersion = (value as { formatVersion?: unknown }).formatVersion;
  if (typeof formatVersion !== 'number' || !(formatVersion > STORE_FORMAT_VERSION)) return;

  throw new StoreError('STORE_NEWER_FORMAT', `${source}: the record at byte ${offset} has ` +
    `store format version ${formatVersion}, but this phasegrid reads format versions up to ` +
    `${STORE_FORMAT_VERSION}; upgrade phasegrid to read this store`);
}
