/**
 * Telling Monaco's JSON syntax errors from its schema checks.
 *
 * While the text does not parse, the JSON worker still validates a tolerant
 * parse against the schema, and one missing bracket then reads as "Missing
 * property activities", "Property bkt is not allowed"… on places that are
 * fine. Those are noise until the syntax is fixed; the syntax errors are what
 * to fix.
 *
 * vscode-json-languageservice, in Monaco's JSON worker, gives the parser's
 * problems the document's language ("json") as their source and the schema's
 * none. Codes alone do not tell: most parse errors have one of 0x100–0x2FF
 * (514 "Expected comma"), but "End of file expected." and "Invalid number
 * format." share code 0 with the schema's problems; "Comments are not
 * permitted" has a parse code (521) and no source. Monaco hands a numeric
 * code on as a string ("514").
 */
import type { EditorDiagnostic } from './events.js';

const SYNTAX_FIRST = 0x100;
const SYNTAX_LAST = 0x2ff;
/** The source the JSON worker's parser puts on its problems: the document's language. */
const PARSER_SOURCE = 'json';

/** Whether a JSON worker code ("514", 514, { value: "514" }) is one of the parser's. */
export function isSyntaxCode(code: unknown): boolean {
  const raw = typeof code === 'object' && code !== null && 'value' in code ? (code as { value: unknown }).value : code;
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw : '';
  if (!/^\d+$/.test(text)) return false;
  const n = Number(text);
  return n >= SYNTAX_FIRST && n <= SYNTAX_LAST;
}

/** Whether a marker of Monaco's JSON worker is about the syntax (the text does not parse), not the schema. */
export function isSyntaxProblem(marker: { readonly code?: unknown; readonly source?: string | undefined }): boolean {
  return marker.source === PARSER_SOURCE || isSyntaxCode(marker.code);
}

/** The syntax errors among the editor's diagnostics, first in the text first. */
export function syntaxErrors(diagnostics: readonly EditorDiagnostic[]): EditorDiagnostic[] {
  return diagnostics.filter((d) => d.severity === 'error' && d.syntax === true).sort((a, b) => a.line - b.line || a.column - b.column);
}
