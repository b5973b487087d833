/**
 * Where a launched browser lands. A resource link either has a sequence
 * placed in it (by Deep Linking's custom parameter, or by an instructor here)
 * or it gets a friendly page; instructors can place a published sequence.
 */
import express, { type Router } from 'express';
import { badRequest } from '../http/errors.js';
import { requireSession } from '../lti/session.js';
import { hasAnyRole, STAFF_ROLES } from '../lti/roles.js';
import { CLAIM } from '../lti/claims.js';
import type { Placement, Session, Store, ToolRole } from '../store/types.js';

const ROLE_LABELS: Record<ToolRole, string> = {
  learner: 'a learner',
  instructor: 'an instructor',
  contentDeveloper: 'a content developer',
  admin: 'an administrator',
};

/** Placement from the link's custom `sequence_id` (set by Deep Linking) wins over nothing. */
async function findPlacement(store: Store, s: Session): Promise<Placement | null> {
  const existing = await store.selectPlacement(s.platformId, s.deploymentId, s.contextId, s.resourceLinkId);
  if (existing) return existing;
  const custom = (s.claims[CLAIM.custom] ?? {}) as Record<string, unknown>;
  const sequenceId = typeof custom.sequence_id === 'string' ? custom.sequence_id : undefined;
  if (!sequenceId || !(await store.selectSequence(s.platformId, sequenceId))) return null;
  return store.upsertPlacement({ platformId: s.platformId, deploymentId: s.deploymentId, contextId: s.contextId, resourceLinkId: s.resourceLinkId, sequenceId });
}

async function publishedSequences(store: Store, platformId: string) {
  const out: Array<{ id: string; title: string; version: number }> = [];
  for (const seq of await store.selectSequences(platformId)) {
    const latest = await store.selectLatestSequenceVersion(seq.id);
    if (latest) out.push({ id: seq.id, title: seq.title, version: latest.version });
  }
  return out;
}

export function deliveryRoutes(store: Store, now: () => number): Router {
  const router = express.Router();
  const session = requireSession(store, now);

  router.get('/', session, async (_req, res, next) => {
    try {
      const s = res.locals.session as Session;
      const token = res.locals.sessionToken as string;
      const placement = await findPlacement(store, s);
      const isStaff = hasAnyRole(s.roles, STAFF_ROLES);
      if (!placement) {
        const sequences = isStaff ? await publishedSequences(store, s.platformId) : [];
        res.render('app/no-placement', { title: 'Nothing here yet', session: s, isStaff, sequences, token });
        return;
      }
      const sequence = await store.selectSequence(s.platformId, placement.sequenceId);
      const latest = await store.selectLatestSequenceVersion(placement.sequenceId);
      res.render('app/landing', {
        title: sequence?.title ?? 'Welcome',
        session: s,
        roleLabel: ROLE_LABELS[s.roles[0] ?? 'learner'],
        sequenceTitle: sequence?.title ?? null,
        version: latest?.version ?? null,
      });
    } catch (err) {
      next(err);
    }
  });

  router.post('/place', requireSession(store, now, STAFF_ROLES), async (req, res, next) => {
    try {
      const s = res.locals.session as Session;
      const sequenceId = (req.body as Record<string, unknown>).sequenceId;
      if (typeof sequenceId !== 'string' || !sequenceId) throw badRequest('Choose a sequence to place.', [{ path: '/sequenceId', message: 'required' }]);
      const published = await publishedSequences(store, s.platformId);
      if (!published.some((p) => p.id === sequenceId)) {
        throw badRequest('That sequence does not exist for your institution or has no published version.', [{ path: '/sequenceId', message: 'not a published sequence' }]);
      }
      await store.upsertPlacement({ platformId: s.platformId, deploymentId: s.deploymentId, contextId: s.contextId, resourceLinkId: s.resourceLinkId, sequenceId });
      res.redirect(303, `/app?s=${encodeURIComponent(res.locals.sessionToken as string)}`);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
