/**
 * Errors of the sweep package. Each class has a stable `code` that callers and tests match on;
 * the message is for people and may change.
 */

/** One problem in an input, located by its path (e.g. `axes["views.strength"][2]`). */
export interface InputIssue {
  readonly path: string;
  readonly message: string;
}

/** Base class: every error the sweep package throws on purpose. */
export class PhasegridError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A spec, flag or file that cannot be used; lists every problem found, one per issue. */
export class InputError extends PhasegridError {
  /** What was being read: a file path, or the command for flags. */
  readonly source: string;
  readonly issues: readonly InputIssue[];

  constructor(source: string, issues: readonly InputIssue[]) {
    const lines = issues.map((issue) => `  ${issue.path ? `${issue.path}: ` : ''}${issue.message}`);
    super('BAD_INPUT', `${source}: ${issues.length} problem(s)\n${lines.join('\n')}`);
    this.source = source;
    this.issues = issues;
  }
}

/** A store file that cannot be read or written as the format requires. */
export class StoreError extends PhasegridError {
  constructor(
    code: 'STORE_NEWER_FORMAT' | 'STORE_IO' | 'STORE_BAD_NAME' | 'STORE_BAD_RECORD',
    message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
