/**
 * The project's own error type. Every reader, checker and config validator throws this
 * (never a bare `Error` or a library's error) so surfaces can show "file: problem" and
 * fuzz tests can assert that bad input never escapes as anything else.
 */
export class MedSegError extends Error {
  /** Stable machine-readable code, e.g. `truncated`, `bad-magic`, `too-large`. */
  readonly code: string;
  /** The file (path or name) the problem is about, when there is one. */
  readonly file?: string;

  constructor(code: string, message: string, file?: string, options?: { cause?: unknown }) {
    super(file ? `${file}: ${message}` : message, options);
    this.name = 'MedSegError';
    this.code = code;
    this.file = file;
  }
}

/** Wraps any thrown value as a MedSegError about `file`, keeping MedSegErrors as they are. */
export function asMedSegError(err: unknown, file: string | undefined, code = 'read-failed'): MedSegError {
  if (err instanceof MedSegError) {
    return err.file || !file ? err : new MedSegError(err.code, err.message, file, { cause: err });
  }
  const msg = err instanceof Error ? err.message : String(err);
  return new MedSegError(code, msg, file, { cause: err });
}
