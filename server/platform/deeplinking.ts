/**
 * Deep Linking 2.0, platform side: the `data` the platform sends with each
 * deep-linking request, and the return endpoint that verifies the tool's
 * signed LtiDeepLinkingResponse and places what the instructor picked.
 */
import express, { type Router } from 'express';
import type { JWTPayload } from 'jose';
import { JwtRejected, unverifiedIssuer, type ToolClient } from './clients.js';
import type { PlatformContext } from './context.js';
import type { Course, ResourceLink } from './directory.js';
import { ExpiringMap } from './expiring.js';
import { asObject, httpUrl, InvalidField, optionalString, requiredPositiveNumber, stringRecord } from './fields.js';
import type { LineItem } from './gradebook.js';
import { html, sendPage, sendProblemPage } from './html.js';
import { param, route } from './http.js';
import { randomToken } from './ids.js';
import { CLAIM, DEEP_LINKING_RESPONSE, LTI_VERSION } from './lti.js';

export interface DeepLinkSession {
  courseId: string;
  clientId: string;
  userId: string;
}

/** An instructor may browse a tool's content picker for a while before choosing. */
const SESSION_TTL_MS = 60 * 60_000;
const NONCE_RETENTION_SLACK_MS = 60_000;

/** The opaque `data` of pending deep-linking requests; it comes back in the response and says where content goes. */
export class DeepLinkSessions {
  readonly #sessions = new ExpiringMap<DeepLinkSession>(SESSION_TTL_MS);

  open(session: DeepLinkSession): string {
    const data = randomToken();
    this.#sessions.set(data, session);
    return data;
  }

  get(data: string): DeepLinkSession | undefined {
    return this.#sessions.get(data);
  }

  /** Each request's content is placed once: a replayed response must not duplicate links. */
  close(data: string): void {
    this.#sessions.take(data);
  }
}

class DeepLinkRejected extends Error {}

interface PickedLink {
  url: string | null;
  title: string;
  text: string;
  custom: Record<string, string>;
  lineItem: { scoreMaximum: number; label: string | null; resourceId: string | null; tag: string | null } | null;
}

interface Placement {
  course: Course;
  created: { link: ResourceLink; lineItem: LineItem | null }[];
  message: string | null;
  errorMessage: string | null;
}

function pickedLink(value: unknown): PickedLink {
  const item = asObject(value, 'the content item');
  if (item.type !== 'ltiResourceLink') throw new InvalidField(`type ${JSON.stringify(item.type)} is not accepted; only ltiResourceLink is`);
  const url = optionalString(item, 'url');
  const lineItem = item.lineItem === undefined ? null : asObject(item.lineItem, 'lineItem');
  return {
    url: url === null ? null : httpUrl(url, 'url').href,
    title: optionalString(item, 'title') ?? 'Untitled activity',
    text: optionalString(item, 'text') ?? '',
    custom: stringRecord(item, 'custom'),
    lineItem:
      lineItem === null
        ? null
        : {
            scoreMaximum: requiredPositiveNumber(lineItem, 'scoreMaximum'),
            label: optionalString(lineItem, 'label'),
            resourceId: optionalString(lineItem, 'resourceId'),
            tag: optionalString(lineItem, 'tag'),
          },
  };
}

function pickedLinks(value: unknown): PickedLink[] {
  // An absent content_items claim means the instructor picked nothing.
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new DeepLinkRejected('content_items must be an array.');
  // The request said accept_multiple: false.
  if (value.length > 1) throw new DeepLinkRejected(`content_items holds ${value.length} items, but this platform asked for at most one.`);
  return value.map((item, index) => {
    try {
      return pickedLink(item);
    } catch (error) {
      if (error instanceof InvalidField) throw new DeepLinkRejected(`Content item ${index + 1}: ${error.message}.`);
      throw error;
    }
  });
}

export function deepLinkingRoutes(ctx: PlatformContext): Router {
  const { clients, urls, directory, gradebook, deepLinks } = ctx;
  const usedNonces = new ExpiringMap<true>(NONCE_RETENTION_SLACK_MS);
  const router = express.Router();

  async function verified(token: string): Promise<{ client: ToolClient; claims: JWTPayload }> {
    const client = clients.get(unverifiedIssuer(token) ?? '');
    if (client === undefined) throw new DeepLinkRejected('The response’s iss is not the client_id of a registered tool.');
    try {
      return { client, claims: await clients.verify(client, token, { audience: urls.issuer, requiredClaims: ['exp', 'iat', 'nonce'] }) };
    } catch (error) {
      if (error instanceof JwtRejected) throw new DeepLinkRejected(`The response could not be verified: ${error.message}.`);
      throw error;
    }
  }

  async function place(token: string): Promise<Placement> {
    const { client, claims } = await verified(token);
    if (claims[CLAIM.messageType] !== DEEP_LINKING_RESPONSE) throw new DeepLinkRejected(`message_type must be ${DEEP_LINKING_RESPONSE}.`);
    if (claims[CLAIM.version] !== LTI_VERSION) throw new DeepLinkRejected(`version must be ${LTI_VERSION}.`);
    if (claims[CLAIM.deploymentId] !== client.deploymentId) throw new DeepLinkRejected('deployment_id does not match the tool’s deployment.');
    const data = claims[CLAIM.deepLinkingData];
    const session = typeof data === 'string' ? deepLinks.get(data) : undefined;
    if (typeof data !== 'string' || session === undefined || session.clientId !== client.clientId) {
      throw new DeepLinkRejected('The data claim does not echo a pending deep-linking request sent to this tool (it may have been used already or expired).');
    }
    const nonceKey = `${client.clientId}\n${String(claims.nonce)}`;
    if (usedNonces.has(nonceKey)) throw new DeepLinkRejected('The nonce was already used: every response must carry a fresh one.');
    const picked = pickedLinks(claims[CLAIM.contentItems]);
    const course = directory.course(session.courseId);
    if (course === undefined) throw new Error(`Deep-linking session names unknown course ${session.courseId}`);

    deepLinks.close(data);
    usedNonces.set(nonceKey, true, Math.max(0, (claims.exp ?? 0) * 1000 - Date.now()) + NONCE_RETENTION_SLACK_MS);
    const created = picked.map((item) => {
      const link = directory.addLink({ courseId: course.id, clientId: client.clientId, title: item.title, description: item.text, url: item.url, custom: item.custom });
      const lineItem =
        item.lineItem === null
          ? null
          : gradebook.createLineItem(course.id, client.clientId, {
              label: item.lineItem.label ?? item.title,
              scoreMaximum: item.lineItem.scoreMaximum,
              resourceLinkId: link.id,
              resourceId: item.lineItem.resourceId,
              tag: item.lineItem.tag,
              startDateTime: null,
              endDateTime: null,
              gradesReleased: null,
            });
      return { link, lineItem };
    });
    const text = (claim: string) => (typeof claims[claim] === 'string' ? (claims[claim] as string) : null);
    return { course, created, message: text(CLAIM.deepLinkingMsg), errorMessage: text(CLAIM.deepLinkingErrorMsg) };
  }

  router.post(
    '/deeplink/return',
    express.urlencoded({ extended: false }),
    route(async (req, res) => {
      const token = param(req.body, 'JWT');
      if (token === undefined) return sendProblemPage(res, urls.home, 400, 'Deep linking failed', 'The response has no JWT form field.');
      let placement: Placement;
      try {
        placement = await place(token);
      } catch (error) {
        if (error instanceof DeepLinkRejected) return sendProblemPage(res, urls.home, 400, 'Deep linking failed', error.message);
        throw error;
      }
      sendConfirmation(res, urls.home, placement);
    }),
  );
  return router;
}

function sendConfirmation(res: express.Response, homeUrl: string, { course, created, message, errorMessage }: Placement): void {
  const customList = (custom: Readonly<Record<string, string>>) =>
    Object.keys(custom).length === 0 ? 'none' : Object.entries(custom).map(([k, v]) => html`<code>${k}=${v}</code> `);
  sendPage(res, {
    title: 'Content added',
    homeUrl,
    main: html`<h1>${created.length === 0 ? 'Nothing was added' : 'Content added'} to ${course.title}</h1>
${message === null ? '' : html`<p class="status" role="status">Message from the tool: ${message}</p>`}
${errorMessage === null ? '' : html`<p class="status error" role="alert">Error from the tool: ${errorMessage}</p>`}
${created.length === 0
  ? html`<p>The tool returned no content items.</p>`
  : html`<ul class="links">${created.map(
      ({ link, lineItem }) => html`<li><strong>${link.title}</strong>
<dl class="endpoints">
<dt>Launch URL</dt><dd>${link.url === null ? 'the tool’s default launch URL' : html`<code>${link.url}</code>`}</dd>
<dt>Custom parameters</dt><dd>${customList(link.custom)}</dd>
<dt>Gradebook column</dt><dd>${lineItem === null ? 'none' : `${lineItem.label} (out of ${lineItem.scoreMaximum})`}</dd>
</dl></li>`,
    )}</ul>`}
<p><a class="button" href="${homeUrl}#course-${course.id}" target="_top">Back to ${course.title}</a></p>`,
  });
}
