/**
 * The id_token claims of LTI 1.3 launches: core OIDC identity claims, the LTI
 * message claims, and the LTI Advantage service claims (AGS, NRPS, deep
 * linking settings), built from platform state so a test can take the claims
 * of a perfectly normal launch and break exactly one thing.
 */
import type { ClientRegistry, ToolClient } from './clients.js';
import type { DeepLinkSessions } from './deeplinking.js';
import { fullName, type Course, type Directory, type PlatformUser, type ResourceLink } from './directory.js';
import type { Gradebook } from './gradebook.js';
import { AGS_SCOPES, CLAIM, COURSE_OFFERING, LTI_VERSION, SCOPE, type MessageType } from './lti.js';
import type { PlatformUrls } from './urls.js';

/** OIDC: id_tokens are short-lived; the tool must consume them right away. */
const ID_TOKEN_TTL_SECONDS = 300;

export interface PlatformIdentity {
  /** Stable per issuer, so a tool's per-platform records survive restarts. */
  guid: string;
  name: string;
  productFamilyCode: string;
  version: string;
}

interface LaunchRequestBase {
  userId: string;
  nonce: string;
  /** Defaults to the link's tool, or to the pre-registered tool for deep linking. */
  clientId?: string;
}

export interface ResourceLinkClaimsRequest extends LaunchRequestBase {
  messageType?: 'LtiResourceLinkRequest';
  linkId: string;
}

export interface DeepLinkingClaimsRequest extends LaunchRequestBase {
  messageType: 'LtiDeepLinkingRequest';
  courseId: string;
}

export type IdTokenClaimsRequest = ResourceLinkClaimsRequest | DeepLinkingClaimsRequest;

export type IdTokenClaimsBuilder = (request: IdTokenClaimsRequest) => Record<string, unknown>;

export interface ClaimsDependencies {
  urls: PlatformUrls;
  identity: PlatformIdentity;
  directory: Directory;
  clients: ClientRegistry;
  gradebook: Gradebook;
  deepLinks: DeepLinkSessions;
  preregisteredClientId: string;
}

interface SubstitutionContext {
  user: PlatformUser;
  course: Course;
  link: ResourceLink | undefined;
}

/**
 * LTI custom-parameter substitution variables this platform resolves. A
 * custom value equal to one of these names is replaced; any other `$...`
 * value is sent unchanged, as the LTI spec requires for unknown variables.
 */
const VARIABLES: Readonly<Record<string, (c: SubstitutionContext) => string | undefined>> = {
  '$User.id': (c) => c.user.id,
  '$Person.name.full': (c) => fullName(c.user),
  '$Person.name.given': (c) => c.user.givenName,
  '$Person.name.family': (c) => c.user.familyName,
  '$Person.email.primary': (c) => c.user.email,
  '$Context.id': (c) => c.course.id,
  '$Context.label': (c) => c.course.label,
  '$Context.title': (c) => c.course.title,
  '$ResourceLink.id': (c) => c.link?.id,
  '$ResourceLink.title': (c) => c.link?.title,
};

/** Advertised in the platform's OpenID configuration for dynamic registration. */
export const SUPPORTED_VARIABLES: readonly string[] = Object.keys(VARIABLES);

function substitute(custom: Readonly<Record<string, string>>, context: SubstitutionContext): Record<string, string> {
  return Object.fromEntries(Object.entries(custom).map(([name, value]) => [name, VARIABLES[value]?.(context) ?? value]));
}

function required<T>(value: T | undefined, problem: string): T {
  if (value === undefined) throw new Error(problem);
  return value;
}

export function idTokenClaimsBuilder(deps: ClaimsDependencies): IdTokenClaimsBuilder {
  const { urls, identity, directory, clients, gradebook, deepLinks } = deps;

  function client(clientId: string): ToolClient {
    return required(clients.get(clientId), `Unknown client_id ${clientId}`);
  }

  function base(messageType: MessageType, user: PlatformUser, course: Course, tool: ToolClient, nonce: string, link: ResourceLink | undefined) {
    const roles = required(directory.launchRoles(course.id, user.id), `${user.id} has no access to course ${course.id}`);
    const now = Math.floor(Date.now() / 1000);
    const agsScopes = tool.scopes.filter((s) => AGS_SCOPES.includes(s));
    // AGS: the `lineitem` claim is only for a link with exactly one line item of this tool.
    const linkLineItems = link === undefined ? [] : gradebook.lineItems(course.id).filter((li) => li.resourceLinkId === link.id && li.clientId === tool.clientId);
    const lineItem = linkLineItems.length === 1 ? linkLineItems[0] : undefined;
    return {
      iss: urls.issuer,
      aud: tool.clientId,
      azp: tool.clientId,
      sub: user.id,
      iat: now,
      exp: now + ID_TOKEN_TTL_SECONDS,
      nonce,
      name: fullName(user),
      given_name: user.givenName,
      family_name: user.familyName,
      email: user.email,
      [CLAIM.messageType]: messageType,
      [CLAIM.version]: LTI_VERSION,
      [CLAIM.deploymentId]: tool.deploymentId,
      [CLAIM.roles]: roles,
      [CLAIM.context]: { id: course.id, label: course.label, title: course.title, type: [COURSE_OFFERING] },
      [CLAIM.toolPlatform]: { guid: identity.guid, name: identity.name, product_family_code: identity.productFamilyCode, version: identity.version },
      [CLAIM.launchPresentation]: { document_target: 'iframe', return_url: urls.home, locale: 'en-US' },
      [CLAIM.custom]: substitute({ ...tool.customParameters, ...link?.custom }, { user, course, link }),
      [CLAIM.lis]: { person_sourcedid: user.id, course_offering_sourcedid: course.id },
      ...(agsScopes.length === 0
        ? {}
        : {
            [CLAIM.agsEndpoint]: {
              scope: agsScopes,
              lineitems: urls.lineItems(course.id),
              ...(lineItem === undefined ? {} : { lineitem: urls.lineItem(course.id, lineItem.id) }),
            },
          }),
      ...(tool.scopes.includes(SCOPE.memberships)
        ? { [CLAIM.nrps]: { context_memberships_url: urls.memberships(course.id), service_versions: ['2.0'] } }
        : {}),
    };
  }

  return (request) => {
    const user = required(directory.user(request.userId), `Unknown user ${request.userId}`);
    if (request.messageType === 'LtiDeepLinkingRequest') {
      const course = required(directory.course(request.courseId), `Unknown course ${request.courseId}`);
      const tool = client(request.clientId ?? deps.preregisteredClientId);
      const target = required(tool.deepLinkUrl ?? undefined, `${tool.clientId} does not support deep linking`);
      return {
        ...base('LtiDeepLinkingRequest', user, course, tool, request.nonce, undefined),
        [CLAIM.targetLinkUri]: target,
        [CLAIM.deepLinkingSettings]: {
          deep_link_return_url: urls.deepLinkReturnUrl,
          accept_types: ['ltiResourceLink'],
          accept_presentation_document_targets: ['iframe', 'window'],
          accept_multiple: false,
          auto_create: true,
          title: `Add content to ${course.title}`,
          data: deepLinks.open({ courseId: course.id, clientId: tool.clientId, userId: user.id }),
        },
      };
    }
    const link = required(directory.link(request.linkId), `Unknown resource link ${request.linkId}`);
    const course = required(directory.course(link.courseId), `Unknown course ${link.courseId}`);
    const tool = client(request.clientId ?? link.clientId);
    return {
      ...base('LtiResourceLinkRequest', user, course, tool, request.nonce, link),
      [CLAIM.targetLinkUri]: link.url ?? tool.launchUrl,
      [CLAIM.resourceLink]: { id: link.id, title: link.title, description: link.description },
    };
  };
}
