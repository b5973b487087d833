/**
 * Content-Security-Policy for the tool's pages.
 *
 * LMSs frame the tool, so `frame-ancestors` cannot be 'self' alone, but it must
 * not be '*' either (clickjacking). It allows the origins of registered
 * platforms (issuer and endpoints) and, on a launched session's pages, the
 * origin of that launch's `launch_presentation.return_url`: Canvas frames tools
 * from the school's own domain, which is not its issuer's, and the return URL
 * is asserted by the platform's signed id_token.
 */
import crypto from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { CLAIM } from '../lti/claims.js';
import type { Platform, Session, Store } from '../store/types.js';

function originOf(url: unknown): string | null {
  if (typeof url !== 'string') return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : null;
  } catch {
    return null;
  }
}

export function platformOrigins(p: Platform): string[] {
  return [p.issuer, p.authLoginUrl, p.authTokenUrl, p.jwksUrl].map(originOf).filter((o): o is string => o !== null);
}

/** Registered platforms' origins, re-read at most every `ttlMs` so a new registration is framed within seconds. */
export class FrameOrigins {
  private cache: { at: number; byPlatform: Map<string, string[]> } | undefined;
  private loading: Promise<Map<string, string[]>> | undefined;

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    private readonly ttlMs = 30_000,
  ) {}

  /** The origins when the cached copy is still fresh, without waiting a turn; undefined otherwise. */
  fresh(): Map<string, string[]> | undefined {
    return this.cache && this.now() - this.cache.at < this.ttlMs ? this.cache.byPlatform : undefined;
  }

  async load(): Promise<Map<string, string[]>> {
    const fresh = this.fresh();
    if (fresh) return fresh;
    this.loading ??= this.store
      .selectPlatforms()
      .then((platforms) => {
        const byPlatform = new Map(platforms.filter((p) => p.status !== 'disabled').map((p) => [p.id, platformOrigins(p)] as const));
        this.cache = { at: this.now(), byPlatform };
        return byPlatform;
      })
      .finally(() => (this.loading = undefined));
    return this.loading;
  }
}

export function sessionFrameOrigins(session: Session, byPlatform: Map<string, string[]>): string[] {
  const presentation = (session.claims[CLAIM.launchPresentation] ?? {}) as Record<string, unknown>;
  const returnOrigin = originOf(presentation.return_url);
  return [...(byPlatform.get(session.platformId) ?? []), ...(returnOrigin ? [returnOrigin] : [])];
}

export interface PolicyOptions {
  /** Admit <style> elements carrying this nonce and inline style attributes (see allowEditorStyles). */
  readonly styleNonce?: string | undefined;
}

export function policy(frameAncestors: Iterable<string>, formTargets: Iterable<string>, options: PolicyOptions = {}): string {
  const ancestors = ["'self'", ...new Set(frameAncestors)].join(' ');
  const forms = ["'self'", ...new Set(formTargets)].join(' ');
  const editorStyles = options.styleNonce ? [`style-src-elem 'self' 'nonce-${options.styleNonce}'`, "style-src-attr 'unsafe-inline'"] : [];
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    ...editorStyles,
    "img-src 'self' data: https:",
    "media-src 'self' https:",
    "frame-src 'self' https:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    `form-action ${forms}`,
    `frame-ancestors ${ancestors}`,
  ].join('; ');
}

/**
 * Opts one response into what the studio's code editor (Monaco) needs and
 * returns the nonce for the page's `<meta name="csp-nonce">`. Monaco positions
 * every line with inline `style` attributes, so `style-src-attr 'unsafe-inline'`
 * is unavoidable; the <style> elements it creates for its theme and widgets are
 * admitted by this per-response nonce rather than 'unsafe-inline', so injected
 * markup still cannot add style sheets (which could read attribute values such
 * as the session token out through selectors). Scripts stay 'self' only; the
 * editor's workers load from 'self' too, so worker-src needs nothing.
 */
export function allowEditorStyles(res: Response): string {
  const existing = res.locals.cspStyleNonce as string | undefined;
  if (existing) return existing;
  const nonce = crypto.randomBytes(16).toString('base64');
  res.locals.cspStyleNonce = nonce;
  return nonce;
}

/**
 * Sets the policy just before headers are written, when the route has loaded
 * the session (if any), so session pages get their narrower frame-ancestors.
 * Paths under `skip` (the built-in platform) set their own policy.
 */
export function contentSecurityPolicy(origins: FrameOrigins, skip: string[] = []): RequestHandler {
  // Every page gets one of a handful of policies (per platform, or all platforms), so
  // they are built once rather than joined on every response. Nonce-bearing ones vary.
  const built = new Map<string, string>();
  const policyFor = (ancestors: string[], all: string[], styleNonce: string | undefined): string => {
    if (styleNonce) return policy(ancestors, all, { styleNonce });
    const key = `${ancestors.join(' ')}\n${all.join(' ')}`;
    let value = built.get(key);
    if (value === undefined) {
      if (built.size >= 1000) built.clear();
      built.set(key, (value = policy(ancestors, all)));
    }
    return value;
  };
  const install = (res: Response, byPlatform: Map<string, string[]>) => {
    const all = [...byPlatform.values()].flat();
    const writeHead = res.writeHead;
    res.writeHead = function (this: Response, ...args: Parameters<Response['writeHead']>) {
      if (!this.getHeader('content-security-policy')) {
        const session = this.locals.session;
        const ancestors = session ? sessionFrameOrigins(session, byPlatform) : all;
        // Forms may post to platforms: the deep-linking response goes to the LMS.
        this.setHeader('Content-Security-Policy', policyFor(ancestors, all, this.locals.cspStyleNonce as string | undefined));
      }
      return writeHead.apply(this, args);
    } as Response['writeHead'];
  };
  return (req, res, next) => {
    if (skip.some((p) => req.path === p || req.path.startsWith(`${p}/`))) return next();
    const fresh = origins.fresh();
    if (fresh) {
      install(res, fresh);
      return next();
    }
    origins.load().then((byPlatform) => {
      install(res, byPlatform);
      next();
    }, next);
  };
}
