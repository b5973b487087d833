/**
 * One error type for the whole HTTP surface and one handler that renders it,
 * so every refusal looks the same: a status, a stable code, a message a person
 * can act on, and (for APIs) the exact paths of invalid input.
 */
import type { ErrorRequestHandler, Request, Response } from 'express';
import type { Logger } from '../log.js';

export interface ErrorDetail {
  path: string;
  message: string;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** Extra guidance for the HTML page (who can fix this and how). */
    readonly guidance: { forLearner?: string; forAdmin?: string } = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string, details: ErrorDetail[] = []) => new HttpError(400, 'BAD_REQUEST', message, details);
export const notFound = (message = 'Nothing exists at this address.') => new HttpError(404, 'NOT_FOUND', message);
export const forbidden = (message: string) => new HttpError(403, 'FORBIDDEN', message);

/**
 * Errors thrown by Express or body-parser that are the client's fault, as
 * HttpErrors; null for anything else (a bug: 500). Shared with the studio API's
 * handler so both answer the same refusal the same way.
 */
export function clientHttpError(err: unknown): HttpError | null {
  const e = err as { type?: unknown; status?: unknown; expose?: unknown; message?: unknown } | null;
  if (e?.type === 'entity.too.large') return new HttpError(413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than this endpoint accepts.');
  if (e?.type === 'entity.parse.failed') return new HttpError(400, 'MALFORMED_JSON', `The request body is not valid JSON: ${String(e.message)}`);
  // Express's router throws this ("Failed to decode param") for a path like /x/%E0%A4%A;
  // it has status 400 but no `expose`, so it would otherwise look like our bug.
  if (err instanceof URIError && e?.status === 400) {
    return new HttpError(400, 'MALFORMED_URL', 'The address is not valid: part of it is badly percent-encoded. Check the link, or open the page again from the tool.');
  }
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && e.expose === true) {
    return new HttpError(e.status, 'BAD_REQUEST', String(e.message));
  }
  return null;
}

function wantsHtml(req: Request): boolean {
  if (req.originalUrl.startsWith('/api/')) return false;
  // Browsers navigating (and clients sending */*) get a page; API clients ask for JSON.
  return req.accepts(['html', 'json']) === 'html';
}

/** The page of an error, with the response's status left as the caller set it. */
export function renderErrorPage(res: Response, httpErr: HttpError): void {
  res.render('error', {
    title: httpErr.status >= 500 ? 'Something went wrong' : 'This page could not be shown',
    code: httpErr.code,
    message: httpErr.message,
    details: httpErr.details,
    guidance: httpErr.guidance,
    requestId: String(res.locals.requestId ?? ''),
  });
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const requestId = String(res.locals.requestId ?? '');
    let httpErr = err instanceof HttpError ? err : clientHttpError(err);
    if (httpErr === null) {
      logger.error({ err, requestId, url: req.originalUrl }, 'unhandled error');
      httpErr = new HttpError(500, 'INTERNAL', 'Something went wrong on our side. It has been logged; please try again.');
    }
    if (httpErr.status < 500) logger.info({ requestId, code: httpErr.code, status: httpErr.status }, httpErr.message);
    if (res.headersSent) return;
    res.status(httpErr.status);
    if (wantsHtml(req)) {
      renderErrorPage(res, httpErr);
    } else {
      res.json({ error: { code: httpErr.code, message: httpErr.message, details: httpErr.details, requestId } });
    }
  };
}
