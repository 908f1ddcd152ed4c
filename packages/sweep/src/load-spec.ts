/** Reading a spec file from disk, with errors that say where the file is wrong. */
import { readFileSync } from 'node:fs';
import { InputError } from './errors.ts';
import { parseSpec, type Spec } from './spec.ts';

/**
 * Reads and validates the spec at `path`.
 * @throws InputError for a missing or unreadable file, invalid JSON (with line and column) or
 * an invalid spec (every problem listed).
 */
export function loadSpec(path: string): Spec {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT'
      ? 'no such file'
      : (error as Error).message;
    throw new InputError(path, [{ path: '', message: `cannot read the spec: ${reason}` }]);
  }
  return parseSpec(parseJson(text, path), path);
}

/** JSON.parse with the error's position turned into a line and column. */
export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const where = position ? lineAndColumn(text, Number(position[1])) : undefined;
    const location = where ? `line ${where.line}, column ${where.column}: ` : '';
    throw new InputError(source, [{ path: '', message: `invalid JSON at ${location}${message}` }]);
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { line, column };
}
