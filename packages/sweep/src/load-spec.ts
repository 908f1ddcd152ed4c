/** Reading a spec file from disk, with errors that say where the file is wrong. */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
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
    throw new InputError(path, [{ path: '',
      message: `cannot read the spec: ${readFailure(error, path)}` }]);
  }
  return parseSpec(parseJson(text, path), path);
}

function readFailure(error: unknown, path: string): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT': return isAbsolute(path) ? 'no such file' : `no such file (${resolve(path)})`;
    case 'EISDIR': return 'it is a folder; give a spec file, e.g. sweeps/sparse-coding.json';
    case 'EACCES': return 'permission denied';
    default: return (error as Error).message;
  }
}

/**
 * JSON.parse, with a failure reported as one line: the line and column, what was expected
 * there and what was found.
 * @throws InputError for invalid JSON.
 */
export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(source, [{ path: '', message: describeJsonError(text, error as Error) }]);
  }
}

function describeJsonError(text: string, error: Error): string {
  if (text.trim() === '') return 'invalid JSON: the file is empty';
  let found: JsonProblem | undefined;
  try {
    found = findJsonProblem(text);
  } catch {
    // Nesting deep enough to exhaust the stack: fall back to the engine's own words.
  }
  if (!found) return `invalid JSON: ${error.message.replace(/\s*\n\s*/g, ' ')}`;

  const { line, column } = lineAndColumn(text, found.offset);
  const rest = text.slice(found.offset);
  const what = rest === '' ? 'the end of the file' : describeChar(rest.codePointAt(0)!);
  const hint = /^-?(NaN|Infinity)/.test(rest)
    ? ' (JSON has no NaN or Infinity: give finite numbers)'
    : '';
  return `invalid JSON at line ${line}, column ${column}: expected ${found.expected}, ` +
    `found ${what}${hint}`;
}

function describeChar(codePoint: number): string {
  const char = String.fromCodePoint(codePoint);
  return /^[!-~]$/.test(char)
    ? JSON.stringify(char)
    : `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { line, column };
}

interface JsonProblem {
  /** Where the text stops being JSON (UTF-16 units from the start). */
  readonly offset: number;
  readonly expected: string;
}

const STRING_PREFIX = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;
const SPACE = /[ \t\n\r]*/y;

/**
 * Walks `text` as JSON to find the first mistake. Run only after JSON.parse has failed: on
 * Node 20 its message gives no position for most mistakes (an unexpected token is named, not
 * located).
 */
function findJsonProblem(text: string): JsonProblem | undefined {
  let offset = 0;
  const match = (pattern: RegExp): boolean => {
    pattern.lastIndex = offset;
    if (!pattern.test(text)) return false;
    offset = pattern.lastIndex;
    return true;
  };
  const problem = (expected: string): JsonProblem => ({ offset, expected });

  const string = (expected: string): void => {
    if (text[offset] !== '"') throw problem(expected);
    match(STRING_PREFIX);
    if (text[offset] === '\\') {
      offset += 1;
      throw problem('an escape after "\\": one of " \\ / b f n r t u');
    }
    if (text[offset] !== '"') {
      throw problem('a closing \'"\' (inside a string, write a newline as \\n, a quote as \\")');
    }
    offset += 1;
  };
  const sequence = (close: string, entry: () => void): void => {
    offset += 1;
    match(SPACE);
    if (text[offset] === close) {
      offset += 1;
      return;
    }
    for (;;) {
      entry();
      match(SPACE);
      if (text[offset] === close) break;
      if (text[offset] !== ',') throw problem(`"," or "${close}"`);
      offset += 1;
    }
    offset += 1;
  };
  const value = (): void => {
    match(SPACE);
    if (text[offset] === '{') {
      sequence('}', () => {
        match(SPACE);
        string('a property name in double quotes');
        match(SPACE);
        if (text[offset] !== ':') throw problem('":"');
        offset += 1;
        value();
      });
    } else if (text[offset] === '[') sequence(']', value);
    else if (text[offset] === '"') string('a value');
    else if (!match(NUMBER) && !match(LITERAL)) {
      if (text[offset] !== '-') throw problem('a value');
      offset += 1;
      throw problem('a digit after "-"');
    }
  };

  try {
    value();
    match(SPACE);
    if (offset < text.length) throw problem('the end of the file after the top-level value');
  } catch (thrown) {
    if (typeof thrown === 'object' && thrown !== null && 'expected' in thrown) {
      return thrown as JsonProblem;
    }
    throw thrown;
  }
  return undefined;
}
