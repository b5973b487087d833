/**
 * `limit` / `page` paging with RFC 8288 Link headers, as AGS and NRPS
 * containers use: the next page's URL is the request's own URL with the page
 * advanced, so every other filter the tool sent is kept.
 */
import type { Request, Response } from 'express';
import { InvalidField } from './fields.js';

const MAX_LIMIT = 100;

function positiveInteger(raw: unknown, name: string): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^[1-9]\d*$/.test(raw)) throw new InvalidField(`${name} must be a positive whole number`);
  return Number(raw);
}

/** Returns the requested page of `items` and sets `Link: <...>; rel="next"` when more follow. */
export function paginate<T>(req: Request, res: Response, origin: string, items: readonly T[]): T[] {
  const limit = Math.min(positiveInteger(req.query.limit, 'limit') ?? MAX_LIMIT, MAX_LIMIT);
  const page = positiveInteger(req.query.page, 'page') ?? 1;
  const start = (page - 1) * limit;
  if (start + limit < items.length) {
    const next = new URL(req.originalUrl, origin);
    next.searchParams.set('page', String(page + 1));
    res.set('Link', `<${next.href}>; rel="next"`);
  }
  return items.slice(start, start + limit);
}
