import { expect } from 'chai';
import type { LearnerKey, NewGradeJob, NewPlatform, ScorePayload, Session, Store } from '../../../server/store/types.js';

/**
 * A fixed clock: expiry and outbox semantics are tested with explicit `now` values.
 * It lies in the future so MongoDB's TTL monitor, which follows the real clock,
 * never removes a test's documents while the test runs.
 */
export const T0 = Date.UTC(2100, 0, 1);

export type CurrentStore = () => Store;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Exercises unicode, nesting, arrays, nulls and number edge cases in every JSON column. */
export const RICH_JSON = {
  title: 'Übung – 練習 🚀',
  nested: { deep: { list: [1, 2.5, -3, 0, 1e21, 'x', null, true, false, { k: 'v' }] } },
  empty: {},
  emptyList: [],
  quote: 'a "quoted" \\ back\nslash',
};

export function newPlatform(overrides: Partial<NewPlatform> = {}): NewPlatform {
  return {
    issuer: 'https://lms.example.edu',
    clientId: 'client-1',
    name: 'Example LMS',
    authLoginUrl: 'https://lms.example.edu/auth',
    authTokenUrl: 'https://lms.example.edu/token',
    authServer: null,
    jwksUrl: 'https://lms.example.edu/jwks',
    status: 'active',
    source: 'cli',
    ...overrides,
  };
}

export function newSession(id: string, overrides: Partial<Session> = {}): Session {
  return {
    id,
    platformId: 'platform-1',
    deploymentId: 'deployment-1',
    contextId: 'course-1',
    contextTitle: 'Algèbre I',
    resourceLinkId: 'link-1',
    resourceLinkTitle: null,
    userId: 'user-1',
    userName: 'Zoë',
    userEmail: null,
    roles: ['learner', 'instructor'],
    messageType: 'LtiResourceLinkRequest',
    claims: { ags: { lineitem: 'https://lms.example.edu/li/1', scope: ['score'] }, custom: RICH_JSON },
    createdAt: T0,
    expiresAt: T0 + 3_600_000,
    ...overrides,
  };
}

export function learnerKey(userId = 'user-1', resourceLinkId = 'link-1'): LearnerKey {
  return { platformId: 'platform-1', contextId: 'course-1', resourceLinkId, userId };
}

export function score(scoreGiven: number): ScorePayload {
  return {
    scoreGiven,
    scoreMaximum: 10,
    activityProgress: 'Completed',
    gradingProgress: 'FullyGraded',
    comment: 'Très bien ✓',
    timestamp: new Date(T0).toISOString(),
  };
}

export function gradeJob(overrides: Partial<NewGradeJob> = {}): NewGradeJob {
  return {
    platformId: 'platform-1',
    lineItemUrl: 'https://lms.example.edu/li/1',
    lineItemsUrl: 'https://lms.example.edu/li',
    resourceLinkId: 'link-1',
    userId: 'user-1',
    label: 'Quiz 1',
    score: score(5),
    ...overrides,
  };
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    expect(err).to.be.instanceOf(Error);
    return err as Error;
  }
  return expect.fail('expected the promise to reject');
}
