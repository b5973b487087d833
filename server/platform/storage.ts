/**
 * Platform storage (1EdTech "LTI Client Side postMessages", lti-cs-pm and
 * lti-pm-s): the LMS keeps small values for a framed tool that cannot rely on
 * cookies, answering `lti.put_data` and `lti.get_data` postMessages. Tools use
 * it to bind a launch to the browser (they store their OIDC state and nonce at
 * login and read them back at launch).
 *
 * The launch page (`/view`) frames a hidden storage frame named
 * PLATFORM_STORAGE_FRAME next to the tool and passes that name to the tool as
 * `lti_storage_target`. The frame keeps values in memory, per sender origin,
 * for as long as the LMS page is open, and answers only the origins of the
 * framed tool (its login, launch and redirect URLs). The page itself answers
 * `lti.capabilities`, which tools send to their parent to learn which frame
 * handles storage. Both accept the earlier `org.imsglobal.lti.` subjects and
 * answer in kind.
 *
 * Routes, relative to the issuer:
 *   GET /storage?client=ID   the storage frame for that tool client
 */
import express, { type Router } from 'express';
import type { ToolClient } from './clients.js';
import type { PlatformContext } from './context.js';
import { html, sendPage, sendProblemPage } from './html.js';
import { param } from './http.js';

export const PLATFORM_STORAGE_FRAME = 'lti-storage';

/** Bounds on what one tool origin may keep, so a misbehaving tool cannot grow the LMS page without limit. */
export const STORAGE_LIMITS = { keys: 64, keyLength: 1024, valueLength: 4096 } as const;

/** The origins a framed tool speaks from: those of every URL it registered. */
export function toolOrigins(client: ToolClient, extraUrls: readonly (string | undefined | null)[] = []): string[] {
  const urls = [client.loginUrl, client.launchUrl, ...client.redirectUris, client.deepLinkUrl, ...extraUrls].filter((u): u is string => typeof u === 'string');
  return [...new Set(urls.map((u) => new URL(u).origin))];
}

/**
 * The message handler, as an inline script for a platform page. `role`
 * 'frame' handles storage and capabilities; 'page' (the LMS page around the
 * tool) answers capabilities only, pointing tools at the storage frame.
 * Origins are URL origins (no quotes or angle brackets), and `<` is escaped
 * anyway so the JSON cannot close the script element.
 */
export function storageScript(role: 'frame' | 'page', origins: readonly string[]): string {
  const config = JSON.stringify({ role, origins, frame: PLATFORM_STORAGE_FRAME, limits: STORAGE_LIMITS }).replace(/</g, '\\u003c');
  return `(${HANDLER})(${config});`;
}

// Plain browser JavaScript, kept as text: it runs in the LMS page, not in Node.
const HANDLER = `function (config) {
  var allowed = new Set(config.origins);
  var stores = new Map();
  window.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || typeof data !== 'object' || typeof data.subject !== 'string') return;
    var match = /^((?:org\\.imsglobal\\.)?lti\\.)([a-z_.]+)$/.exec(data.subject);
    if (!match || /\\.response$/.test(match[2])) return;
    // Only the framed tool is answered; anything else is not ours to talk to.
    if (!allowed.has(event.origin) || !event.source) return;
    var prefix = match[1], action = match[2], key = data.key, value = data.value;
    function reply(body) {
      event.source.postMessage(Object.assign({ subject: data.subject + '.response', message_id: data.message_id }, body), event.origin);
    }
    function refuse(code, message) { reply({ error: { code: code, message: message } }); }
    if (action === 'capabilities') {
      reply({ supported_messages: [
        { subject: prefix + 'capabilities' },
        { subject: prefix + 'put_data', frame: config.frame },
        { subject: prefix + 'get_data', frame: config.frame }
      ] });
      return;
    }
    if (config.role !== 'frame' || (action !== 'put_data' && action !== 'get_data')) return refuse('unsupported_subject', data.subject + ' is not handled here.');
    if (typeof key !== 'string' || key === '' || key.length > config.limits.keyLength) return refuse('bad_request', 'key must be a non-empty string.');
    var store = stores.get(event.origin);
    if (!store) { store = new Map(); stores.set(event.origin, store); }
    if (action === 'get_data') {
      if (!store.has(key)) return refuse('bad_request', 'Nothing is stored under ' + key + '.');
      return reply({ key: key, value: store.get(key) });
    }
    if (typeof value !== 'string' || value.length > config.limits.valueLength) return refuse('bad_request', 'value must be a string.');
    if (!store.has(key) && store.size >= config.limits.keys) return refuse('bad_request', 'Too many keys stored for this origin.');
    store.set(key, value);
    reply({ key: key, value: value });
  });
}`;

export function storageRoutes(ctx: PlatformContext): Router {
  const router = express.Router();
  router.get('/storage', (req, res) => {
    const client = ctx.clients.get(param(req.query, 'client') ?? '');
    if (client === undefined) return sendProblemPage(res, ctx.urls.home, 404, 'Unknown tool', 'The client parameter does not name a registered tool.');
    sendPage(res, {
      title: 'Platform storage',
      homeUrl: ctx.urls.home,
      main: html`<p>Platform storage for ${client.name}.</p>`,
      script: storageScript('frame', toolOrigins(client)),
    });
  });
  return router;
}
