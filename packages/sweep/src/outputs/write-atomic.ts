/**
 * Writes an output file so that readers see either the old contents or the new, never a torn
 * mixture: a report page refreshing while a sweep rewrites its CSVs must not read half a file.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Replaces `path` with `contents` (strings as UTF-8) atomically: writes a temporary file in the
 * same directory, flushes it to disk, then renames it over the target. On failure the temporary
 * file is removed and the error is rethrown; the target is left as it was. Synchronous, like the
 * output writers that call it: output files are small and written once per sweep.
 *
 * Limitation: on Windows a rename over a file another process holds open fails with EPERM.
 *
 * @example
 * writeFileAtomic('sweeps/demo/phase.csv', phaseCsv(points, axisPaths));
 */
export function writeFileAtomic(path: string, contents: string | Uint8Array): void {
  // Same directory, so the rename never crosses a filesystem (which would make it a copy).
  const suffix = `${process.pid}.${randomBytes(6).toString('hex')}`;
  const tempPath = join(dirname(path), `.${basename(path)}.${suffix}.tmp`);
  const bytes = typeof contents === 'string' ? Buffer.from(contents, 'utf8') : contents;

  const fd = openSync(tempPath, 'wx');
  try {
    try {
      let writtenBytes = 0;
      while (writtenBytes < bytes.byteLength) {
        writtenBytes += writeSync(fd, bytes, writtenBytes, bytes.byteLength - writtenBytes);
      }
      // Without the flush, a crash soon after the rename can leave an empty file under the name.
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tempPath, path);
  } catch (error) {
    // The write's own error is the one worth reporting; a failed clean-up must not replace it.
    try {
      unlinkSync(tempPath);
    } catch {
      // Already gone or never created: nothing left to clean.
    }
    throw error;
  }
}
