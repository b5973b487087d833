/**
 * The OAuth 2 token endpoint of the LTI Security Framework: client_credentials
 * grants authenticated with a JWT client assertion (RFC 7523) that the tool
 * signs with the key published at its JWKS URL.
 */
import express, { type Router } from 'express';
import { ACCESS_TOKEN_TTL_SECONDS } from './access-tokens.js';
import { JwtRejected, unverifiedIssuer } from './clients.js';
import type { PlatformContext } from './context.js';
import { ExpiringMap } from './expiring.js';
import { ApiError, param, route } from './http.js';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Replay protection must outlive the assertion, including the clock tolerance. */
const JTI_RETENTION_SLACK_MS = 60_000;

export function tokenRoutes(ctx: PlatformContext): Router {
  const { clients, urls, tokens } = ctx;
  const usedJtis = new ExpiringMap<true>(JTI_RETENTION_SLACK_MS);
  const router = express.Router();

  router.post(
    '/token',
    ctx.faults.middleware('token'),
    express.urlencoded({ extended: false }),
    route(async (req, res) => {
      const grantType = param(req.body, 'grant_type');
      if (grantType === undefined) throw new ApiError(400, 'invalid_request', 'grant_type is required.');
      if (grantType !== 'client_credentials') throw new ApiError(400, 'unsupported_grant_type', 'Only the client_credentials grant is supported.');
      if (param(req.body, 'client_assertion_type') !== JWT_BEARER) throw new ApiError(400, 'invalid_request', `client_assertion_type must be ${JWT_BEARER}.`);
      const assertion = param(req.body, 'client_assertion');
      if (assertion === undefined) throw new ApiError(400, 'invalid_request', 'client_assertion is required.');

      const client = clients.get(unverifiedIssuer(assertion) ?? '');
      if (client === undefined) throw new ApiError(401, 'invalid_client', 'The client assertion’s iss is not a registered client_id.');
      const claims = await clients
        .verify(client, assertion, { audience: urls.tokenUrl, subject: client.clientId, requiredClaims: ['exp', 'iat', 'jti'] })
        .catch((error: unknown) => {
          throw error instanceof JwtRejected ? new ApiError(401, 'invalid_client', `The client assertion was rejected: ${error.message}`) : error;
        });
      const jtiKey = `${client.clientId}\n${String(claims.jti)}`;
      if (usedJtis.has(jtiKey)) throw new ApiError(401, 'invalid_client', 'The client assertion’s jti was already used; sign a new assertion for every request.');
      usedJtis.set(jtiKey, true, Math.max(0, (claims.exp ?? 0) * 1000 - Date.now()) + JTI_RETENTION_SLACK_MS);

      const requested = (param(req.body, 'scope') ?? '').split(' ').filter((s) => s !== '');
      if (requested.length === 0) throw new ApiError(400, 'invalid_scope', 'scope is required: list the LTI Advantage scopes the tool needs.');
      // RFC 6749 §3.3: grant the supported subset and say which in the response.
      const granted = [...new Set(requested.filter((s) => client.scopes.includes(s)))];
      if (granted.length === 0) throw new ApiError(400, 'invalid_scope', `None of the requested scopes is available to ${client.clientId}. Available: ${client.scopes.join(' ')}`);

      const accessToken = tokens.issue({ clientId: client.clientId, scopes: granted });
      res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' }).json({
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: ACCESS_TOKEN_TTL_SECONDS,
        scope: granted.join(' '),
      });
    }),
  );
  return router;
}
