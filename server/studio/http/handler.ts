/** Express 4 does not forward a rejected promise to the error handler; this does. */
import type { NextFunction, Request, RequestHandler, Response } from 'express';

export function handler(fn: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    fn(req, res).catch(next);
  };
}
