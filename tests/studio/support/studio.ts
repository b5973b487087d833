/**
 * Helpers for studio tests over HTTP: sessions for staff and learners of the
 * built-in LMS (real launches), a session of a second, unrelated platform
 * (inserted into the store, as a launch from it would), and a small client
 * for the JSON API.
 */
import request from 'supertest';
import { newSessionToken } from '../../../server/lti/session.js';
import type { RunningServer } from '../../../server/server.js';
import type { ToolRole } from '../../../server/store/types.js';
import { started, useTool, type WithTool } from '../../helpers/hooks.js';
import { launchAs } from '../../helpers/tool.js';

export const STAFF = 'instructor-rivera';
export const LEARNER = 'learner-maya';
export const LINK = 'link-fractions-add';

export async function launchedToken(tool: RunningServer, userId = STAFF, linkId = LINK): Promise<string> {
  return (await launchAs(tool, userId, linkId)).token;
}

/** Registers another school's LMS and opens a session for one of its users, as its launch would. */
export async function otherPlatformToken(tool: RunningServer, roles: ToolRole[] = ['instructor']): Promise<{ token: string; platformId: string }> {
  const suffix = Math.random().toString(36).slice(2, 8);
  const platform = await tool.store.insertPlatform({
    issuer: `https://lms-${suffix}.other-school.example`,
    clientId: `client-${suffix}`,
    name: 'Another school',
    authLoginUrl: `https://lms-${suffix}.other-school.example/auth`,
    authTokenUrl: `https://lms-${suffix}.other-school.example/token`,
    authServer: null,
    jwksUrl: `https://lms-${suffix}.other-school.example/jwks`,
    status: 'active',
    source: 'api',
  });
  const { token, id } = newSessionToken();
  const now = Date.now();
  await tool.store.insertSession({
    id,
    platformId: platform.id,
    deploymentId: 'other-deployment',
    contextId: 'other-course',
    contextTitle: 'Other course',
    resourceLinkId: 'other-link',
    resourceLinkTitle: null,
    userId: 'other-teacher',
    userName: 'Other Teacher',
    userEmail: null,
    roles,
    messageType: 'LtiResourceLinkRequest',
    claims: {},
    createdAt: now,
    expiresAt: now + 3_600_000,
  });
  return { token, platformId: platform.id };
}

export interface Api {
  get(path: string): request.Test;
  post(path: string, body?: unknown): request.Test;
  put(path: string, body: unknown): request.Test;
  delete(path: string): request.Test;
}

/** The studio API as the studio app calls it: bearer token, JSON. */
export function studioApi(tool: RunningServer, token: string): Api {
  const auth = (t: request.Test) => t.set('Authorization', `Bearer ${token}`).set('Accept', 'application/json');
  const base = `${tool.url}/studio/api`;
  return {
    get: (path) => auth(request(base).get(path)),
    post: (path, body) => (body === undefined ? auth(request(base).post(path)) : auth(request(base).post(path)).send(body as object)),
    put: (path, body) => auth(request(base).put(path)).send(body as object),
    delete: (path) => auth(request(base).delete(path)),
  };
}

export interface WithStudio extends WithTool {
  /** The session of a staff launch (STAFF on LINK). */
  readonly token: string;
  /** The studio API with that session. */
  readonly api: Api;
}

/** The tool for the calling describe block, and a designer signed in to its studio, as `useTool` does it. */
export function useStudio(): WithStudio {
  const ctx = useTool();
  let token: string | undefined;
  let api: Api | undefined;
  before(async () => {
    token = await launchedToken(ctx.tool);
    api = studioApi(ctx.tool, token);
  });
  return {
    get tool() {
      return ctx.tool;
    },
    get token() {
      return started(token, 'studio session');
    },
    get api() {
      return started(api, 'studio API client');
    },
  };
}

/** Creates a sequence from a template and returns it as the API answered. */
export async function createSequence(api: Api, body: Record<string, unknown> = { title: 'Fractions practice', template: 'fractions' }) {
  const res = await api.post('/sequences', body).expect(201);
  return res.body.sequence as { id: string; title: string; draft: Record<string, unknown>; updatedAt: number };
}
