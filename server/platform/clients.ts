/**
 * Tool registrations ("developer keys" in LMS terms): the pre-registered tool
 * and any tool registered dynamically, each with its own client_id,
 * deployment, URLs and granted scopes, plus verification of the JWTs a tool
 * signs (client assertions, deep-linking responses) against its JWKS URL.
 */
import { createRemoteJWKSet, decodeJwt, errors, jwtVerify, type JWTPayload } from 'jose';

export type ClientSource = 'preregistered' | 'dynamic';

export interface ToolClient {
  clientId: string;
  name: string;
  /** One deployment per client: this stand-in has a single institution-wide install of each tool. */
  deploymentId: string;
  /** OIDC third-party login initiation URL. */
  loginUrl: string;
  /** redirect_uri values the authorization endpoint accepts, matched exactly. */
  redirectUris: readonly string[];
  /** Default target_link_uri of resource link launches. */
  launchUrl: string;
  /** target_link_uri of deep-linking requests; null when the tool does not support deep linking. */
  deepLinkUrl: string | null;
  jwksUrl: string;
  /** Service scopes the tool may request at the token endpoint. */
  scopes: readonly string[];
  /** Tool-level custom parameters, sent in every launch (a link's own custom parameters win). */
  customParameters: Readonly<Record<string, string>>;
  source: ClientSource;
  registeredAt: string;
}

/** Why a tool-signed JWT was refused, in words a tool developer can act on. */
export class JwtRejected extends Error {
  override readonly name = 'JwtRejected';
}

export interface ToolJwtExpectations {
  audience: string;
  subject?: string;
  requiredClaims: string[];
}

/** LTI requires RS256 for every message and assertion. */
const TOOL_JWT_ALGORITHMS = ['RS256'];
/** Tolerates a tool clock that is slightly off, as production LMSs do. */
const CLOCK_TOLERANCE_SECONDS = 30;

type KeySet = ReturnType<typeof createRemoteJWKSet>;

export class ClientRegistry {
  readonly #clients = new Map<string, ToolClient>();
  readonly #keySets = new Map<string, KeySet>();

  add(client: ToolClient): void {
    if (this.#clients.has(client.clientId)) throw new Error(`Client ${client.clientId} is already registered`);
    this.#clients.set(client.clientId, client);
  }

  get(clientId: string): ToolClient | undefined {
    return this.#clients.get(clientId);
  }

  list(): ToolClient[] {
    return [...this.#clients.values()];
  }

  /**
   * Verifies a JWT the tool signed: signature against the tool's JWKS, `iss`
   * equal to its client_id, audience, expiry and the required claims.
   */
  async verify(client: ToolClient, token: string, expect: ToolJwtExpectations): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, this.#keySet(client), {
        issuer: client.clientId,
        audience: expect.audience,
        ...(expect.subject === undefined ? {} : { subject: expect.subject }),
        algorithms: TOOL_JWT_ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: expect.requiredClaims,
      });
      return payload;
    } catch (error) {
      if (error instanceof errors.JOSEError) throw new JwtRejected(error.message);
      // Anything else is the tool's JWKS being unreachable or not JSON.
      throw new JwtRejected(`the tool's keys could not be fetched from ${client.jwksUrl}: ${(error as Error).message}`);
    }
  }

  #keySet(client: ToolClient): KeySet {
    let keySet = this.#keySets.get(client.clientId);
    if (keySet === undefined) {
      // A short cache and cooldown let a tool that rotates its key be trusted
      // again within a second, which tests of key rotation on the tool rely on.
      keySet = createRemoteJWKSet(new URL(client.jwksUrl), { cacheMaxAge: 60_000, cooldownDuration: 1_000, timeoutDuration: 5_000 });
      this.#keySets.set(client.clientId, keySet);
    }
    return keySet;
  }
}

/** The unverified `iss` of a tool JWT: it names the client whose keys must verify it. */
export function unverifiedIssuer(token: string): string | undefined {
  try {
    const { iss } = decodeJwt(token);
    return typeof iss === 'string' ? iss : undefined;
  } catch {
    return undefined;
  }
}
