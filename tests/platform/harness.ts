/**
 * A minimal, honest LTI tool for testing the platform over real HTTP: it has
 * its own RSA key and JWKS endpoint, performs OIDC login initiation like a
 * real tool (fresh state and nonce, redirect to the platform's auth
 * endpoint), and signs client assertions and deep-linking responses.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type Express } from 'express';
import { createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { createDevPlatform, type DevPlatform, type DevPlatformOptions } from '../../server/platform/index.js';

export interface Listening {
  origin: string;
  close(): Promise<void>;
}

export async function listen(app: Express): Promise<Listening> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

/** A key the tool may publish; tests also use unpublished ones to forge signatures. */
export async function newSigningKey(kid: string = randomUUID()): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { kid, privateKey, publicKey };
}

export class ToolHarness {
  /** Pre-registered tools choose it; dynamically registered ones learn it from the platform. */
  clientId: string;
  deploymentId = 'test-deployment';
  /** Issuer of the platform this tool trusts; set once the platform exists. */
  platformIssuer = '';
  platformAuthUrl = '';
  /** state → nonce of the logins this tool started. */
  readonly logins = new Map<string, string>();

  private constructor(
    private readonly server: Listening,
    readonly key: SigningKey,
    clientId: string,
  ) {
    this.clientId = clientId;
  }

  static async start(clientId = 'test-tool'): Promise<ToolHarness> {
    const key = await newSigningKey();
    const publicJwk = { ...(await exportJWK(key.publicKey)), kid: key.kid, alg: 'RS256', use: 'sig' };
    const app = express();
    let tool: ToolHarness | undefined;
    app.get('/jwks', (_req, res) => {
      res.json({ keys: [publicJwk] });
    });
    // OIDC third-party login initiation, as a tool does it.
    app.get('/login', (req, res) => {
      const q = req.query as Record<string, string>;
      if (tool === undefined || q.iss !== tool.platformIssuer) {
        res.status(400).send('unknown issuer');
        return;
      }
      const state = randomUUID();
      const nonce = randomUUID();
      tool.logins.set(state, nonce);
      const auth = new URL(tool.platformAuthUrl);
      const params: Record<string, string | undefined> = {
        scope: 'openid',
        response_type: 'id_token',
        response_mode: 'form_post',
        prompt: 'none',
        client_id: q.client_id,
        redirect_uri: q.target_link_uri,
        login_hint: q.login_hint,
        lti_message_hint: q.lti_message_hint,
        lti_deployment_id: q.lti_deployment_id,
        state,
        nonce,
      };
      for (const [name, value] of Object.entries(params)) if (value !== undefined) auth.searchParams.set(name, value);
      res.redirect(302, auth.href);
    });
    const server = await listen(app);
    tool = new ToolHarness(server, key, clientId);
    return tool;
  }

  get origin(): string {
    return this.server.origin;
  }
  get loginUrl(): string {
    return `${this.origin}/login`;
  }
  get launchUrl(): string {
    return `${this.origin}/launch`;
  }
  get deepLinkUrl(): string {
    return `${this.origin}/deep-link`;
  }
  get jwksUrl(): string {
    return `${this.origin}/jwks`;
  }

  /** The pre-registration a platform needs for this tool. */
  registration(): DevPlatformOptions['tool'] {
    return { clientId: this.clientId, deploymentId: this.deploymentId, loginUrl: this.loginUrl, launchUrl: this.launchUrl, deepLinkUrl: this.deepLinkUrl, jwksUrl: this.jwksUrl };
  }

  async sign(claims: JWTPayload, key: SigningKey = this.key): Promise<string> {
    return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' }).sign(key.privateKey);
  }

  /** A valid RFC 7523 client assertion for `tokenUrl`; `overrides` break one claim at a time. */
  clientAssertion(tokenUrl: string, overrides: JWTPayload = {}, key?: SigningKey): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return this.sign({ iss: this.clientId, sub: this.clientId, aud: tokenUrl, iat: now, exp: now + 60, jti: randomUUID(), ...overrides }, key);
  }

  async close(): Promise<void> {
    await this.server.close();
  }
}

export interface Setup {
  platform: DevPlatform;
  tool: ToolHarness;
  /** Origin of the server the platform is mounted on, at /platform. */
  origin: string;
  close(): Promise<void>;
}

/** A platform mounted at /platform on an ephemeral port, with a tool harness pre-registered. */
export async function setup(options: Partial<Omit<DevPlatformOptions, 'issuer' | 'tool'>> = {}): Promise<Setup> {
  const tool = await ToolHarness.start();
  const app = express();
  const server = await listen(app);
  const platform = await createDevPlatform({ issuer: `${server.origin}/platform`, keyFile: null, tool: tool.registration(), ...options });
  app.use(new URL(platform.issuer).pathname, platform.router);
  tool.platformIssuer = platform.issuer;
  tool.platformAuthUrl = platform.authUrl;
  return {
    platform,
    tool,
    origin: server.origin,
    close: async () => {
      await server.close();
      await tool.close();
    },
  };
}

/** The values of the hidden inputs of an auto-submitting form_post page, and its action. */
export function formPost(html: string): { action: string; fields: Record<string, string> } {
  const action = /<form method="post" action="([^"]*)"/.exec(html)?.[1];
  if (action === undefined) throw new Error(`No form_post form in:\n${html}`);
  const fields: Record<string, string> = {};
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[decode(name ?? '')] = decode(value ?? '');
  return { action: decode(action), fields };
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** Undoes the platform's HTML escaping of text and attribute values. */
export function decode(html: string): string {
  return html.replace(/&amp;|&lt;|&gt;|&quot;|&#39;/g, (entity) => ENTITIES[entity] ?? entity);
}

async function redirectTarget(url: string): Promise<string> {
  const res = await fetch(url, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status !== 302 || location === null) throw new Error(`Expected a redirect from ${url}, got ${res.status}: ${await res.text()}`);
  return location;
}

export interface Launch {
  /** The platform's auth request as the tool sent it. */
  authUrl: URL;
  idToken: string;
  claims: JWTPayload;
  state: string;
  /** The nonce the tool put in its auth request. */
  nonce: string;
}

/** Follows platform launch start → tool login → platform auth over HTTP, like a browser. */
export async function startAuth(startUrl: string): Promise<URL> {
  const login = await redirectTarget(startUrl);
  return new URL(await redirectTarget(login));
}

/** A complete launch: returns the id_token verified against the platform's JWKS. */
export async function launch(s: Setup, startUrl: string): Promise<Launch> {
  const authUrl = await startAuth(startUrl);
  const res = await fetch(authUrl);
  if (res.status !== 200) throw new Error(`auth answered ${res.status}: ${await res.text()}`);
  const { fields } = formPost(await res.text());
  const idToken = fields.id_token;
  const state = fields.state;
  if (idToken === undefined || state === undefined) throw new Error(`No id_token/state in ${JSON.stringify(fields)}`);
  const { payload } = await jwtVerify(idToken, createRemoteJWKSet(new URL(s.platform.jwksUrl)), { issuer: s.platform.issuer, audience: s.tool.clientId });
  return { authUrl, idToken, claims: payload, state, nonce: s.tool.logins.get(state) ?? '' };
}

/** An access token for `scopes`, obtained the way a tool does. */
export async function accessToken(s: Setup, scopes: string[], tool: ToolHarness = s.tool): Promise<string> {
  const res = await fetch(s.platform.tokenUrl, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await tool.clientAssertion(s.platform.tokenUrl),
      scope: scopes.join(' '),
    }),
  });
  const body = (await res.json()) as { access_token?: string };
  if (res.status !== 200 || body.access_token === undefined) throw new Error(`token endpoint answered ${res.status}: ${JSON.stringify(body)}`);
  return body.access_token;
}
