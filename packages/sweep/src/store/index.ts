/** The store: append-only record files, one per writing process, merged when read. */
export { crc32 } from './crc32.ts';
export {
  decodeFrames,
  encodeFrame,
  FRAME_HEADER_BYTES,
  FRAME_MARKER,
  MAX_PAYLOAD_BYTES,
  type DecodedFrames,
  type FrameProblem,
} from './framing.ts';
export {
  finishedCellIds,
  readStore,
  type CellState,
  type StoreContents,
  type StoreProblem,
} from './store-reader.ts';
export {
  defaultWriterName,
  MAX_WRITER_NAME_LENGTH,
  RECORDS_DIR_NAME,
  STORE_FILE_EXTENSION,
  StoreWriter,
  type StoreWriterOptions,
  writerNameProblem,
} from './store-writer.ts';
