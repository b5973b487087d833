/**
 * Errors of the studio API, always as JSON. The app's error handler chooses
 * HTML for browsers by path prefix (/api/) and Accept header; the studio's API
 * lives under /studio/api and is called by fetch, so it answers JSON whatever
 * the client accepts, in the same envelope:
 *   { error: { code, message, details: [{ path, message }], requestId } }
 * plus the fields of an ApiRefusal (e.g. `issues` when a sequence's validation
 * is the reason, `current` when a save lost a race).
 */
import type { ErrorRequestHandler } from 'express';
import type { Issue } from '../../content/issues.js';
import { clientHttpError, HttpError } from '../../http/errors.js';
import type { Logger } from '../../log.js';

/** A refusal that carries more than the envelope: its fields are added to the response body. */
export class ApiRefusal extends HttpError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly body: Readonly<Record<string, unknown>>,
  ) {
    super(status, code, message);
    this.name = 'ApiRefusal';
  }
}

/** Refused because of the issues of a sequence document. */
export const issuesRefusal = (status: number, code: string, message: string, issues: readonly Issue[]) => new ApiRefusal(status, code, message, { issues });

function clientError(err: unknown): HttpError | null {
  const e = err as { type?: unknown } | null;
  // The generic message would not say what the studio's limit is.
  if (e?.type === 'entity.too.large') return new HttpError(413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than the studio accepts (1 MB).');
  return clientHttpError(err);
}

export function apiErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const requestId = String(res.locals.requestId ?? '');
    let httpErr = err instanceof HttpError ? err : clientError(err);
    if (httpErr === null) {
      logger.error({ err, requestId, url: req.originalUrl }, 'unhandled error');
      httpErr = new HttpError(500, 'INTERNAL', 'Something went wrong on our side. It has been logged; please try again.');
    } else {
      logger.info({ requestId, code: httpErr.code, status: httpErr.status }, httpErr.message);
    }
    // A streamed response (simulation) reports its own failures in-band.
    if (res.headersSent) return;
    const extra = httpErr instanceof ApiRefusal ? httpErr.body : {};
    res.status(httpErr.status).json({ ...extra, error: { code: httpErr.code, message: httpErr.message, details: httpErr.details, requestId } });
  };
}
