/**
 * A problem found in a sequence document, as the studio shows it next to the
 * editor and the API returns it with HTTP 400. `path` is a JSON Pointer (RFC
 * 6901) into the document ('' is the whole document); `code` is stable.
 */
export type Severity = 'error' | 'warning';

export interface Issue {
  readonly severity: Severity;
  readonly path: string;
  readonly message: string;
  readonly code: string;
}

/** Appends reference tokens to a pointer, escaping '~' and '/'. */
export function pointer(base: string, ...tokens: Array<string | number>): string {
  return tokens.reduce<string>((path, token) => `${path}/${String(token).replace(/~/g, '~0').replace(/\//g, '~1')}`, base);
}
