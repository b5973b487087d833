/**
 * What a tool fetches to learn about the platform: the OpenID configuration
 * (with the LTI platform configuration of LTI Dynamic Registration) and the
 * public keys that verify id_tokens.
 */
import express, { type Router } from 'express';
import { SUPPORTED_VARIABLES } from './claims.js';
import type { PlatformContext } from './context.js';
import { PLATFORM_CONFIGURATION, SERVICE_SCOPES } from './lti.js';

/** Identity claims every id_token carries, advertised so registering tools know what to expect. */
const CLAIMS_SUPPORTED = ['iss', 'aud', 'azp', 'sub', 'iat', 'exp', 'nonce', 'name', 'given_name', 'family_name', 'email'];

function openidConfiguration(ctx: PlatformContext): Record<string, unknown> {
  const { urls, identity } = ctx;
  return {
    issuer: urls.issuer,
    authorization_endpoint: urls.authUrl,
    token_endpoint: urls.tokenUrl,
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['RS256'],
    jwks_uri: urls.jwksUrl,
    registration_endpoint: urls.registrationUrl,
    scopes_supported: ['openid', ...SERVICE_SCOPES],
    response_types_supported: ['id_token'],
    response_modes_supported: ['form_post'],
    grant_types_supported: ['implicit', 'client_credentials'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    claims_supported: CLAIMS_SUPPORTED,
    [PLATFORM_CONFIGURATION]: {
      product_family_code: identity.productFamilyCode,
      version: identity.version,
      messages_supported: [{ type: 'LtiResourceLinkRequest' }, { type: 'LtiDeepLinkingRequest' }],
      variables: SUPPORTED_VARIABLES,
    },
  };
}

export function discoveryRoutes(ctx: PlatformContext): Router {
  const router = express.Router();
  router.get('/.well-known/openid-configuration', (_req, res) => {
    res.json(openidConfiguration(ctx));
  });
  router.get('/jwks', (_req, res) => {
    res.json(ctx.keys.jwks());
  });
  return router;
}
