/**
 * The class list: the platform's NRPS roster, cached per placement in the
 * store so the page opens without waiting on the LMS and still lists the
 * class when the LMS is down. A fetch happens when the instructor presses
 * "Refresh", and on opening the page when the cache is missing or old; a
 * failure is recorded with its reason and the previous roster stays.
 */
import { AgsError } from '../grades/errors.js';
import type { TokenCache } from '../grades/token-cache.js';
import type { RosterMember, RosterSnapshot, Session, Store } from '../store/types.js';
import { fetchMembers, membershipsUrl } from './nrps.js';
import { placementScope } from './scope.js';

export type RosterStore = Pick<Store, 'selectPlatform' | 'saveRoster' | 'recordRosterFailure' | 'selectRoster'>;

export interface RosterPolicy {
  /** A cached roster older than this is fetched again when the page opens. */
  maxAgeMs: number;
  /** After a failed fetch, opening the page does not try again for this long (the button always does). */
  failureBackoffMs: number;
  pageSize: number;
  timeoutMs: number;
}

export const DEFAULT_ROSTER_POLICY: RosterPolicy = { maxAgeMs: 6 * 3_600_000, failureBackoffMs: 5 * 60_000, pageSize: 100, timeoutMs: 8_000 };

export interface RosterDeps {
  store: RosterStore;
  tokens: TokenCache;
  now: () => number;
  policy: RosterPolicy;
}

const LEARNER_ROLES = new Set([
  'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner',
  'http://purl.imsglobal.org/vocab/lis/v2/membership/Learner#Learner',
  'Learner',
]);
const TEACHING_ROLES = /#(Instructor|TeachingAssistant|ContentDeveloper|Administrator)$|^(Instructor|ContentDeveloper|Administrator)$/;

/** Learners of the course: a Learner context role, and no teaching role (a TA enrolled as both is staff here). */
export function isLearner(member: RosterMember): boolean {
  return member.status !== 'Deleted' && member.roles.some((r) => LEARNER_ROLES.has(r)) && !member.roles.some((r) => TEACHING_ROLES.test(r));
}

/** Fetches the roster now; on failure records the reason and returns the cached roster with it. */
export async function refreshRoster(deps: RosterDeps, session: Session): Promise<RosterSnapshot> {
  const scope = placementScope(session);
  try {
    const members = await fetchRoster(deps, session);
    return await deps.store.saveRoster(scope, members, deps.now());
  } catch (err) {
    if (!(err instanceof AgsError)) throw err;
    return deps.store.recordRosterFailure(scope, err.message, deps.now());
  }
}

/** The cached roster, fetched first when there is none or it is older than the policy allows. */
export async function currentRoster(deps: RosterDeps, session: Session): Promise<RosterSnapshot | null> {
  const cached = await deps.store.selectRoster(placementScope(session));
  return isDue(cached, deps.now(), deps.policy) ? refreshRoster(deps, session) : cached;
}

function isDue(cached: RosterSnapshot | null, now: number, policy: RosterPolicy): boolean {
  if (cached === null) return true;
  if (cached.failure !== null && now - cached.failure.at < policy.failureBackoffMs) return false;
  return cached.refreshedAt === null || now - cached.refreshedAt >= policy.maxAgeMs;
}

async function fetchRoster(deps: RosterDeps, session: Session): Promise<RosterMember[]> {
  const url = membershipsUrl(session.claims);
  if (url === null) {
    throw new AgsError('permanent', 'The LMS did not offer this tool the class roster (no Names and Role Provisioning Service in the launch); ask your LMS administrator to enable it for the tool.');
  }
  const platform = await deps.store.selectPlatform(session.platformId);
  if (platform === null || platform.status !== 'active') {
    throw new AgsError('permanent', 'The LMS registration of this tool is not active, so the roster cannot be requested.');
  }
  return fetchMembers(url, { platform, tokens: deps.tokens, pageSize: deps.policy.pageSize, timeoutMs: deps.policy.timeoutMs });
}
