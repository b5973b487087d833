/**
 * The admin JSON API: the same platform and key operations as `npm run lti`,
 * guarded by the ADMIN_TOKEN bearer token. Disabled (503) when no token is configured.
 */
import crypto from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { HttpError, notFound } from '../http/errors.js';
import type { PlatformRegistry } from '../lti/registration.js';
import { StoreConflictError } from '../store/types.js';
import { parseRetireInput, parseRotateInput } from './key-input.js';
import { parseDeploymentInput, parsePlatformInput } from './platform-input.js';

function sameSecret(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

function requireAdmin(adminToken: string | undefined) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!adminToken) return next(new HttpError(503, 'ADMIN_DISABLED', 'The admin API is disabled. Set ADMIN_TOKEN to enable it.'));
    const auth = req.get('authorization') ?? '';
    if (!auth.startsWith('Bearer ') || !sameSecret(auth.slice(7).trim(), adminToken)) {
      return next(new HttpError(401, 'ADMIN_UNAUTHORIZED', 'Send the admin token as "Authorization: Bearer <ADMIN_TOKEN>".'));
    }
    next();
  };
}

type Handler = (req: Request, res: Response) => Promise<void>;
const wrap = (h: Handler) => (req: Request, res: Response, next: NextFunction) => h(req, res).catch(next);

export function adminRoutes(registry: PlatformRegistry, adminToken: string | undefined): Router {
  const r = express.Router();
  r.use(requireAdmin(adminToken));

  const found = async (id: string) => {
    const p = await registry.get(id);
    if (!p) throw notFound(`No platform with id ${id}.`);
    return p;
  };

  r.get('/platforms', wrap(async (_req, res) => void res.json({ platforms: await registry.list() })));
  r.post(
    '/platforms',
    wrap(async (req, res) => {
      const input = parsePlatformInput(req.body);
      try {
        res.status(201).json({ platform: await registry.add(input, 'api') });
      } catch (err) {
        if (err instanceof StoreConflictError) throw new HttpError(409, 'PLATFORM_EXISTS', `A platform with issuer ${input.issuer} and client id ${input.clientId} is already registered.`);
        throw err;
      }
    }),
  );
  r.get('/platforms/:id', wrap(async (req, res) => void res.json({ platform: await found(String(req.params.id)) })));
  r.delete(
    '/platforms/:id',
    wrap(async (req, res) => {
      if (!(await registry.remove(String(req.params.id)))) throw notFound(`No platform with id ${String(req.params.id)}.`);
      res.status(204).end();
    }),
  );
  for (const [action, status] of [['approve', 'active'], ['disable', 'disabled']] as const) {
    r.post(
      `/platforms/:id/${action}`,
      wrap(async (req, res) => {
        const p = await registry.setStatus(String(req.params.id), status);
        if (!p) throw notFound(`No platform with id ${String(req.params.id)}.`);
        res.json({ platform: p });
      }),
    );
  }
  r.post(
    '/platforms/:id/deployments',
    wrap(async (req, res) => {
      const { deploymentId } = parseDeploymentInput(req.body);
      const p = await registry.addDeployment(String(req.params.id), deploymentId);
      if (!p) throw notFound(`No platform with id ${String(req.params.id)}.`);
      res.status(201).json({ platform: p });
    }),
  );
  r.delete(
    '/platforms/:id/deployments/:deploymentId',
    wrap(async (req, res) => {
      await found(String(req.params.id));
      if (!(await registry.removeDeployment(String(req.params.id), String(req.params.deploymentId)))) throw notFound('No such deployment.');
      res.status(204).end();
    }),
  );
  // The tool's signing keys: rotate (one platform or all), then retire the old ones after a grace period.
  r.get(
    '/keys',
    wrap(async (req, res) => {
      const platformId = typeof req.query.platformId === 'string' ? req.query.platformId : undefined;
      const keys = await registry.listKeys(platformId);
      if (!keys) throw notFound(`No platform with id ${platformId}.`);
      res.json({ keys });
    }),
  );
  r.post(
    '/keys/rotate',
    wrap(async (req, res) => {
      const { platformId } = parseRotateInput(req.body ?? {});
      const rotated = await registry.rotateKeys(platformId ?? undefined);
      if (!rotated) throw notFound(`No platform with id ${platformId}.`);
      res.json({ rotated });
    }),
  );
  r.post(
    '/keys/retire',
    wrap(async (req, res) => {
      const { olderThanDays } = parseRetireInput(req.body);
      res.json({ retired: await registry.retireKeys(olderThanDays) });
    }),
  );
  return r;
}
