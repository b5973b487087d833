/**
 * Everything the route modules share. One instance per createDevPlatform call,
 * so several platforms (say, one per test file) never share state.
 */
import type { AccessTokens } from './access-tokens.js';
import type { IdTokenClaimsBuilder, PlatformIdentity } from './claims.js';
import type { ClientRegistry } from './clients.js';
import type { DeepLinkSessions } from './deeplinking.js';
import type { Directory } from './directory.js';
import type { Faults } from './faults.js';
import type { Gradebook } from './gradebook.js';
import type { KeyRing } from './keys.js';
import type { RegistrationTokens } from './registration.js';
import type { PlatformUrls } from './urls.js';

export interface PlatformContext {
  urls: PlatformUrls;
  identity: PlatformIdentity;
  keys: KeyRing;
  directory: Directory;
  clients: ClientRegistry;
  gradebook: Gradebook;
  tokens: AccessTokens;
  faults: Faults;
  deepLinks: DeepLinkSessions;
  registrationTokens: RegistrationTokens;
  idTokenClaims: IdTokenClaimsBuilder;
  preregisteredClientId: string;
  /** Accept scoreGiven > scoreMaximum (extra credit); refused by default so tools notice overflowing scores. */
  allowExtraCredit: boolean;
}
