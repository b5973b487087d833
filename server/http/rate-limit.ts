/**
 * Per-IP rate limits on the endpoints worth hammering (login, launch, admin).
 * The refusal goes through the one error handler, so a student sees a page
 * that says to wait, with Retry-After set.
 */
import { rateLimit } from 'express-rate-limit';
import type { RequestHandler } from 'express';
import { HttpError } from './errors.js';

export function perMinute(limit: number, what: string): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, res, next) => {
      res.setHeader('Retry-After', '60');
      next(new HttpError(429, 'RATE_LIMITED', `Too many ${what} requests from your network. Please wait a minute and try again.`));
    },
  });
}
