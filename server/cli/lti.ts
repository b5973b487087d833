/**
 * `npm run lti -- <command>`: platform registration and the tool's signing
 * keys from a shell, through the same PlatformRegistry and input schemas as
 * the admin API.
 */
import { parseArgs } from 'node:util';
import { parseDeploymentInput, parsePlatformInput } from '../admin/platform-input.js';
import { loadOrCreateSecrets } from '../bootstrap.js';
import { ConfigError, loadConfig } from '../config.js';
import { HttpError } from '../http/errors.js';
import { createLogger } from '../log.js';
import { createLti } from '../lti/index.js';
import { MAX_GRACE_DAYS } from '../admin/key-input.js';
import type { KeyRotationView, PlatformView, ToolKeyView } from '../lti/registration.js';
import { openConfiguredStore } from '../server.js';
import { StoreConflictError } from '../store/types.js';

export const USAGE = `Usage: npm run lti -- <command>

  platform list [--json]
  platform add --issuer URL --client-id ID --name NAME --auth-login-url URL
               --auth-token-url URL --jwks-url URL [--auth-server URL]
               [--deployment ID ...] [--json]
  platform show ID [--json]
  platform approve ID
  platform disable ID
  platform remove ID
  deployment add PLATFORM_ID DEPLOYMENT_ID
  deployment remove PLATFORM_ID DEPLOYMENT_ID
  keys list [--platform ID] [--json]
  keys rotate [--platform ID] [--json]     new signing key (every platform without --platform);
                                           the previous one stays published until retired
  keys retire --older-than DAYS [--json]   delete keys superseded at least DAYS ago

Values for Moodle and Canvas are explained in the README ("Register the tool").`;

class UsageError extends Error {}

const day = (ms: number | null) => (ms === null ? 'unknown' : new Date(ms).toISOString().slice(0, 10));

function describeKey(k: ToolKeyView): string {
  const state = k.current ? 'current' : k.supersededAt !== null ? `superseded ${day(k.supersededAt)}` : 'not in use';
  return `${k.kid}  ${k.platformId ?? '(no platform)'}  ${state}  generated ${day(k.generatedAt)}  ${k.issuer} ${k.clientId}`;
}

function describeRotation(r: KeyRotationView): string {
  return `${r.platformId}  ${r.previousKid} -> ${r.kid}`;
}

function graceDays(value: string | undefined): number {
  const days = Number(value);
  if (value === undefined || value.trim() === '' || !Number.isFinite(days) || days < 0 || days > MAX_GRACE_DAYS) {
    throw new UsageError(`--older-than takes a number of days between 0 and ${MAX_GRACE_DAYS}, e.g. --older-than 7.`);
  }
  return days;
}

function describe(p: PlatformView): string {
  return [
    `${p.id}  ${p.name}  [${p.status}]`,
    `  issuer        ${p.issuer}`,
    `  client id     ${p.clientId}`,
    `  deployments   ${p.deploymentIds.join(', ') || '(none: launches will be refused until one is added)'}`,
    `  login url     ${p.authLoginUrl}`,
    `  token url     ${p.authTokenUrl}`,
    `  jwks url      ${p.jwksUrl}`,
  ].join('\n');
}

export async function run(argv: string[], out: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      issuer: { type: 'string' },
      'client-id': { type: 'string' },
      name: { type: 'string' },
      'auth-login-url': { type: 'string' },
      'auth-token-url': { type: 'string' },
      'auth-server': { type: 'string' },
      'jwks-url': { type: 'string' },
      deployment: { type: 'string', multiple: true },
      platform: { type: 'string' },
      'older-than': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [area, command, ...rest] = positionals;
  if (values.help || !area) {
    out(USAGE);
    return values.help ? 0 : 2;
  }
  const config = loadConfig();
  const { encryptionKey } = loadOrCreateSecrets(config);
  const store = await openConfiguredStore(config);
  const lti = await createLti({ config, store, logger: createLogger({ logLevel: 'silent' }), encryptionKey, now: Date.now });
  const print = (p: PlatformView) => out(values.json ? JSON.stringify(p, null, 2) : describe(p));
  const need = (id: string | undefined, what: string): string => {
    if (!id) throw new UsageError(`Missing ${what}.`);
    return id;
  };
  try {
    const key = `${area} ${command ?? ''}`;
    switch (key) {
      case 'platform list': {
        const all = await lti.registry.list();
        if (values.json) out(JSON.stringify(all, null, 2));
        else out(all.length ? all.map(describe).join('\n\n') : 'No platforms registered.');
        return 0;
      }
      case 'platform add': {
        const input = parsePlatformInput({
          issuer: values.issuer,
          clientId: values['client-id'],
          name: values.name,
          authLoginUrl: values['auth-login-url'],
          authTokenUrl: values['auth-token-url'],
          ...(values['auth-server'] ? { authServer: values['auth-server'] } : {}),
          jwksUrl: values['jwks-url'],
          deploymentIds: values.deployment ?? [],
        });
        print(await lti.registry.add(input, 'cli'));
        return 0;
      }
      case 'platform show': {
        const p = await lti.registry.get(need(rest[0], 'platform id'));
        if (!p) throw new UsageError(`No platform with id ${rest[0]}.`);
        print(p);
        return 0;
      }
      case 'platform approve':
      case 'platform disable': {
        const p = await lti.registry.setStatus(need(rest[0], 'platform id'), command === 'approve' ? 'active' : 'disabled');
        if (!p) throw new UsageError(`No platform with id ${rest[0]}.`);
        print(p);
        return 0;
      }
      case 'platform remove': {
        if (!(await lti.registry.remove(need(rest[0], 'platform id')))) throw new UsageError(`No platform with id ${rest[0]}.`);
        out(`Removed platform ${rest[0]}.`);
        return 0;
      }
      case 'deployment add': {
        const { deploymentId } = parseDeploymentInput({ deploymentId: rest[1] });
        const p = await lti.registry.addDeployment(need(rest[0], 'platform id'), deploymentId);
        if (!p) throw new UsageError(`No platform with id ${rest[0]}.`);
        print(p);
        return 0;
      }
      case 'deployment remove': {
        if (!(await lti.registry.removeDeployment(need(rest[0], 'platform id'), need(rest[1], 'deployment id')))) {
          throw new UsageError(`Platform ${rest[0]} has no deployment ${rest[1]}.`);
        }
        out(`Removed deployment ${rest[1]}.`);
        return 0;
      }
      case 'keys list': {
        const keys = await lti.registry.listKeys(values.platform);
        if (!keys) throw new UsageError(`No platform with id ${values.platform}.`);
        if (values.json) out(JSON.stringify(keys, null, 2));
        else out(keys.length ? keys.map(describeKey).join('\n') : 'No keys.');
        return 0;
      }
      case 'keys rotate': {
        const rotated = await lti.registry.rotateKeys(values.platform);
        if (!rotated) throw new UsageError(`No platform with id ${values.platform}.`);
        if (values.json) out(JSON.stringify(rotated, null, 2));
        else out(rotated.length ? [...rotated.map(describeRotation), 'Previous keys stay published until `keys retire`.'].join('\n') : 'No platforms registered.');
        return 0;
      }
      case 'keys retire': {
        const retired = await lti.registry.retireKeys(graceDays(values['older-than']));
        if (values.json) out(JSON.stringify(retired, null, 2));
        else out(retired.length ? retired.map(describeKey).join('\n') : 'No keys to retire.');
        return 0;
      }
      default:
        throw new UsageError(`Unknown command "${key.trim()}".\n\n${USAGE}`);
    }
  } finally {
    await lti.close();
    await store.close();
  }
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isMain) {
  run(process.argv.slice(2), (s) => console.log(s)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      if (err instanceof HttpError) {
        console.error(err.message);
        for (const d of err.details) console.error(`  ${d.path}: ${d.message}`);
      } else if (err instanceof StoreConflictError) {
        console.error(`Already registered: ${err.message}`);
      } else if (err instanceof UsageError || err instanceof ConfigError || (err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
        console.error((err as Error).message);
      } else {
        console.error(err);
      }
      process.exit(1);
    },
  );
}
