/**
 * Every URL the platform hands out, derived from the issuer. The issuer is
 * also where the router is mounted, so these are the only place that knows the
 * route layout from the outside; route modules use the matching paths.
 */
export interface PlatformUrls {
  /** The issuer, without a trailing slash. */
  issuer: string;
  /** Origin of the issuer, used to rebuild absolute URLs from a request's originalUrl. */
  origin: string;
  home: string;
  authUrl: string;
  tokenUrl: string;
  jwksUrl: string;
  openidConfigurationUrl: string;
  registrationUrl: string;
  deepLinkReturnUrl: string;
  lineItems(courseId: string): string;
  lineItem(courseId: string, lineItemId: string): string;
  /** A result's id: the results URL filtered to that user, so it dereferences to the result. */
  result(courseId: string, lineItemId: string, userId: string): string;
  memberships(courseId: string): string;
  /** `storageTarget` is passed on to the tool as lti_storage_target (platform storage in that frame). */
  launchStart(userId: string, linkId: string, storageTarget?: string): string;
  deepLinkStart(userId: string, courseId: string, clientId: string, storageTarget?: string): string;
  /** The hidden frame that keeps platform storage for a framed tool. */
  storageFrame(clientId: string): string;
  /** The LMS page that frames a launch, as a real LMS shows a tool inside its own chrome. */
  launchFrame(userId: string, linkId: string): string;
  deepLinkFrame(userId: string, courseId: string, clientId: string): string;
}

export function platformUrls(issuer: string): PlatformUrls {
  const base = issuer.replace(/\/+$/, '');
  const seg = encodeURIComponent;
  const query = (params: Record<string, string | undefined>) =>
    new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined)).toString();
  return {
    issuer: base,
    origin: new URL(base).origin,
    home: `${base}/`,
    authUrl: `${base}/auth`,
    tokenUrl: `${base}/token`,
    jwksUrl: `${base}/jwks`,
    openidConfigurationUrl: `${base}/.well-known/openid-configuration`,
    registrationUrl: `${base}/register`,
    deepLinkReturnUrl: `${base}/deeplink/return`,
    lineItems: (courseId) => `${base}/api/courses/${seg(courseId)}/lineitems`,
    lineItem: (courseId, lineItemId) => `${base}/api/courses/${seg(courseId)}/lineitems/${seg(lineItemId)}`,
    result: (courseId, lineItemId, userId) => `${base}/api/courses/${seg(courseId)}/lineitems/${seg(lineItemId)}/results?${query({ user_id: userId })}`,
    memberships: (courseId) => `${base}/api/courses/${seg(courseId)}/memberships`,
    launchStart: (user, link, storage) => `${base}/launch?${query({ user, link, lti_storage_target: storage })}`,
    deepLinkStart: (user, course, client, storage) => `${base}/deeplink/start?${query({ user, course, client, lti_storage_target: storage })}`,
    storageFrame: (client) => `${base}/storage?${query({ client })}`,
    launchFrame: (user, link) => `${base}/view?${query({ user, link })}`,
    deepLinkFrame: (user, course, client) => `${base}/view?${query({ user, course, client })}`,
  };
}
