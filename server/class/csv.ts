/**
 * CSV (RFC 4180) written to a stream as rows arrive, respecting backpressure,
 * so an export's memory stays flat however many rows it has.
 *
 * Cells are guarded against formula injection: a spreadsheet runs a cell
 * that starts with = + - @ (or a tab or carriage return) as a formula, and
 * learner answers and LMS names are untrusted, so such text is prefixed with
 * an apostrophe. Numbers, and text that is just a number ("-3"), stay as they are.
 */
import type { Writable } from 'node:stream';

export type Cell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
/** "-3" or "+2.5e3" is a number to a spreadsheet, not a formula: it stays as typed. */
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  const text = FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: readonly Cell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** The client went away mid-export; the caller stops reading its source. */
export class ExportAborted extends Error {
  override readonly name = 'ExportAborted';
}

/** Rows are gathered into chunks of about this size: one write per chunk, not per row. */
const CHUNK_BYTES = 16 * 1024;

/**
 * Writes every row, waiting for 'drain' whenever the destination's buffer is
 * full. Rejects with ExportAborted when the destination closes early, so the
 * source (a database cursor) is abandoned instead of read to the end.
 */
export async function writeCsv(out: Writable, rows: AsyncIterable<readonly Cell[]> | Iterable<readonly Cell[]>): Promise<number> {
  let buffer = '';
  let count = 0;
  for await (const cells of rows) {
    buffer += csvRow(cells);
    count += 1;
    if (buffer.length >= CHUNK_BYTES) {
      await write(out, buffer);
      buffer = '';
    }
  }
  if (buffer !== '') await write(out, buffer);
  return count;
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (out.destroyed || out.writableEnded) throw new ExportAborted('the download was closed');
  if (out.write(chunk)) return;
  await new Promise<void>((resolve, reject) => {
    const cleanup = () => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      out.off('error', onClose);
    };
    const onDrain = () => {
      cleanup();
      resolve();
    };
    const onClose = () => {
      cleanup();
      reject(new ExportAborted('the download was closed'));
    };
    out.on('drain', onDrain);
    out.on('close', onClose);
    out.on('error', onClose);
  });
}

/** Spreadsheet apps read a byte-order mark as "this file is UTF-8" (names like Tomás stay intact). */
export const UTF8_BOM = '\uFEFF';

/** A download name: letters, digits, dot, dash and underscore only, so it cannot break the header. */
export function safeFilename(base: string): string {
  const cleaned = base.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80);
  return cleaned === '' ? 'export' : cleaned;
}
