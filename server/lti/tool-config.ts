/**
 * What an LMS administrator needs to register the tool by hand: its URLs, an
 * OpenID-style tool configuration, and Canvas's developer-key JSON.
 */
export const TOOL_TITLE = 'Adaptive Paths';
export const TOOL_DESCRIPTION = 'Personalized learning sequences that adapt to mastery, answers, interests and goals.';

export const LTI_SCOPES = [
  'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
];

export interface ToolUrls {
  publicUrl: string;
  domain: string;
  login: string;
  launch: string;
  keys: string;
  register: string;
  configJson: string;
  canvasJson: string;
}

export function toolUrls(publicUrl: string, mount = '/lti'): ToolUrls {
  const base = `${publicUrl}${mount}`;
  return {
    publicUrl,
    domain: new URL(publicUrl).host,
    login: `${base}/login`,
    launch: `${base}/launch`,
    keys: `${base}/keys`,
    register: `${base}/register`,
    configJson: `${base}/config.json`,
    canvasJson: `${base}/canvas.json`,
  };
}

/** The LTI tool configuration Dynamic Registration sends, also served for manual setup. */
export function ltiToolConfiguration(urls: ToolUrls) {
  return {
    domain: urls.domain,
    description: TOOL_DESCRIPTION,
    target_link_uri: urls.launch,
    claims: ['iss', 'sub', 'name', 'given_name', 'family_name', 'email'],
    messages: [
      { type: 'LtiResourceLinkRequest', target_link_uri: urls.launch },
      { type: 'LtiDeepLinkingRequest', target_link_uri: urls.launch, label: `Add from ${TOOL_TITLE}` },
    ],
  };
}

/** OIDC client metadata (RFC 7591 + LTI Dynamic Registration). */
export function clientRegistration(urls: ToolUrls) {
  return {
    application_type: 'web',
    response_types: ['id_token'],
    grant_types: ['implicit', 'client_credentials'],
    initiate_login_uri: urls.login,
    redirect_uris: [urls.launch],
    client_name: TOOL_TITLE,
    jwks_uri: urls.keys,
    token_endpoint_auth_method: 'private_key_jwt',
    scope: LTI_SCOPES.join(' '),
    'https://purl.imsglobal.org/spec/lti-tool-configuration': ltiToolConfiguration(urls),
  };
}

export function toolConfigurationDocument(urls: ToolUrls) {
  return {
    title: TOOL_TITLE,
    description: TOOL_DESCRIPTION,
    oidc_initiation_url: urls.login,
    target_link_uri: urls.launch,
    dynamic_registration_url: urls.register,
    scopes: LTI_SCOPES,
    ...clientRegistration(urls),
  };
}

/** Paste into Canvas: Admin > Developer Keys > + LTI Key > Paste JSON. */
export function canvasDeveloperKey(urls: ToolUrls) {
  return {
    title: TOOL_TITLE,
    description: TOOL_DESCRIPTION,
    oidc_initiation_url: urls.login,
    target_link_uri: urls.launch,
    public_jwk_url: urls.keys,
    scopes: LTI_SCOPES,
    custom_fields: {},
    extensions: [
      {
        domain: urls.domain,
        platform: 'canvas.instructure.com',
        privacy_level: 'public',
        settings: {
          text: TOOL_TITLE,
          placements: [
            { placement: 'link_selection', message_type: 'LtiDeepLinkingRequest', target_link_uri: urls.launch },
            { placement: 'assignment_selection', message_type: 'LtiDeepLinkingRequest', target_link_uri: urls.launch },
          ],
        },
      },
    ],
  };
}
