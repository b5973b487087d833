/**
 * Shared HTTP plumbing for the JSON endpoints: error bodies in the RFC 6749
 * shape ({error, error_description}) that OAuth, AGS, NRPS and registration
 * clients all understand, and promise handling Express 4 lacks.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { InvalidField } from './fields.js';

/** A refusal with a status and a machine-readable code; thrown by handlers, sent by `route`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export function sendError(res: Response, error: ApiError): void {
  // Error answers from the token and service endpoints must never be cached (RFC 6749 §5.1).
  res.set({ 'Cache-Control': 'no-store', ...error.headers }).status(error.status).json({ error: error.code, error_description: error.message });
}

/**
 * Wraps a handler: ApiError becomes its JSON answer, InvalidField a 400
 * invalid_request, and anything else goes to Express's error handling
 * (Express 4 would otherwise leave a rejected promise hanging the request).
 */
export function route(handler: (req: Request, res: Response) => Promise<void> | void): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((error: unknown) => {
        if (error instanceof ApiError) sendError(res, error);
        else if (error instanceof InvalidField) sendError(res, new ApiError(400, 'invalid_request', error.message));
        else next(error);
      });
  };
}

/** A single non-empty string parameter from a query or form body; a repeated parameter is ambiguous and counts as missing. */
export function param(source: unknown, name: string): string | undefined {
  if (source === null || typeof source !== 'object') return undefined;
  const value = (source as Record<string, unknown>)[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
