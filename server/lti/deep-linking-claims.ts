/** Deep Linking 2.0 vocabulary the tool's response uses, spelled once. */
const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';

export const DL_CLAIM = {
  contentItems: `${DL}content_items`,
  data: `${DL}data`,
  msg: `${DL}msg`,
  errorMsg: `${DL}errormsg`,
} as const;

export const DEEP_LINKING_RESPONSE = 'LtiDeepLinkingResponse';
export const LTI_VERSION = '1.3.0';
export const RESOURCE_LINK_TYPE = 'ltiResourceLink';
