/**
 * CRC-32 as zlib, gzip and PNG compute it (IEEE 802.3 polynomial, reflected, initial value and
 * final XOR 0xFFFFFFFF). Store frames carry it so a damaged payload is detected before decoding.
 */

/** The reflected IEEE polynomial. */
const POLYNOMIAL = 0xedb88320;

/**
 * Eight 256-entry tables for slicing-by-8: table k maps a byte to its CRC contribution when it
 * sits k bytes before the end of an 8-byte block. Reading a large store checksums every payload,
 * and eight bytes per step is several times faster than one.
 */
const TABLES: readonly Int32Array[] = buildTables();

function buildTables(): Int32Array[] {
  const tables = Array.from({ length: 8 }, () => new Int32Array(256));
  const first = tables[0]!;

  for (let byte = 0; byte < 256; byte++) {
    let crc = byte;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 1 ? (crc >>> 1) ^ POLYNOMIAL : crc >>> 1;
    }
    first[byte] = crc;
  }

  for (let k = 1; k < 8; k++) {
    const previous = tables[k - 1]!;
    const current = tables[k]!;
    for (let byte = 0; byte < 256; byte++) {
      const crc = previous[byte]!;
      current[byte] = (crc >>> 8) ^ first[crc & 0xff]!;
    }
  }
  return tables;
}

/**
 * The CRC-32 of `bytes[start, end)`, as an unsigned 32-bit integer.
 *
 * @example crc32(Buffer.from('123456789')) // 0xcbf43926
 */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = TABLES as [
    Int32Array, Int32Array, Int32Array, Int32Array,
    Int32Array, Int32Array, Int32Array, Int32Array,
  ];
  let crc = -1;
  let i = start;

  const blockEnd = start + ((end - start) & ~7);
  while (i < blockEnd) {
    const low = crc ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) |
      (bytes[i + 3]! << 24));
    crc = t7[low & 0xff]! ^ t6[(low >>> 8) & 0xff]! ^ t5[(low >>> 16) & 0xff]! ^
      t4[low >>> 24]! ^ t3[bytes[i + 4]!]! ^ t2[bytes[i + 5]!]! ^ t1[bytes[i + 6]!]! ^
      t0[bytes[i + 7]!]!;
    i += 8;
  }

  while (i < end) {
    crc = (crc >>> 8) ^ t0[(crc ^ bytes[i]!) & 0xff]!;
    i++;
  }
  return (crc ^ -1) >>> 0;
}
