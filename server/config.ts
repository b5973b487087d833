/**
 * The typed configuration: the only module that reads process.env.
 *
 * Everything is validated once, at start-up, so a typo in a deployment fails
 * loudly with the variable's name and an example instead of surfacing later
 * as a confusing launch error.
 */
import path from 'node:path';

export type Mode = 'development' | 'production' | 'test';

export interface Config {
  mode: Mode;
  /** Public base URL of the tool as LMSs reach it, without a trailing slash. */
  publicUrl: string;
  host: string;
  port: number;
  /** Where the embedded store, the encryption key and generated keys live. */
  dataDir: string;
  /** Set: MongoDB through mongoose. Unset: the embedded SQLite store. */
  mongodbUri: string | undefined;
  /** Encrypts ltijs's keys at rest and signs session tokens; generated on first start when unset. */
  encryptionKey: string | undefined;
  /** Bearer token for the admin JSON API; the API is disabled when unset. */
  adminToken: string | undefined;
  /** Serve the built-in LTI platform (an LMS stand-in) under /platform. */
  devPlatform: boolean;
  /** Extra synthetic learners enrolled in the built-in LMS's math course (load tests, a big class view). */
  devPlatformExtraLearners: number;
  /** Dynamic registrations become active without an admin's approval. */
  autoApproveRegistrations: boolean;
  /** Allowance for platform clocks that run ahead or behind ours, in seconds. */
  clockSkewSeconds: number;
  /** How long a launched session stays valid, in seconds. */
  sessionTtlSeconds: number;
  /**
   * Launch and login requests per client IP per minute. Generous: a whole class
   * behind one school NAT launches at once.
   */
  launchRateLimit: number;
  /** Admin API requests per client IP per minute. */
  adminRateLimit: number;
  /**
   * How long a grade sender owns a claimed score. After a crash, scores that
   * were being sent wait this long before another sender retries them.
   */
  gradeLeaseSeconds: number;
  /** Dangerous settings in production need this explicit acknowledgement. */
  allowUnsafeProduction: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

export class ConfigError extends Error {
  constructor(readonly variable: string, problem: string, example: string) {
    super(`${variable} ${problem}. Example: ${variable}=${example}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function str(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function int(env: Env, name: string, fallback: number, min: number, max: number, example: string): number {
  const raw = str(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`, example);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`, example);
  return n;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = str(env, name);
  if (raw === undefined) return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`, 'true');
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = str(env, name);
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`, allowed[0] as string);
  }
  return raw as T;
}

function url(env: Env, name: string, fallback: string, example: string): string {
  const raw = str(env, name) ?? fallback;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be an absolute URL, got "${raw}"`, example);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError(name, `must use http or https, got "${parsed.protocol}"`, example);
  }
  return raw.replace(/\/+$/, '');
}

/** Parses the environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const mode = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const port = int(env, 'PORT', 3000, 0, 65535, '3000');
  const host = str(env, 'HOST') ?? (mode === 'production' ? '0.0.0.0' : '127.0.0.1');
  const publicUrl = url(env, 'PUBLIC_URL', `http://127.0.0.1:${port}`, 'https://lti.example.edu');
  const mongodbUri = str(env, 'MONGODB_URI');
  if (mongodbUri !== undefined && !/^mongodb(\+srv)?:\/\//.test(mongodbUri)) {
    throw new ConfigError('MONGODB_URI', `must start with mongodb:// or mongodb+srv://`, 'mongodb://localhost:27017/adaptive');
  }
  const encryptionKey = str(env, 'ENCRYPTION_KEY');
  if (encryptionKey !== undefined && encryptionKey.length < 32) {
    throw new ConfigError('ENCRYPTION_KEY', 'must be at least 32 characters', 'a-long-random-string-from-`openssl rand -hex 32`');
  }
  const adminToken = str(env, 'ADMIN_TOKEN');
  if (adminToken !== undefined && adminToken.length < 24) {
    throw new ConfigError('ADMIN_TOKEN', 'must be at least 24 characters', 'the output of `openssl rand -hex 24`');
  }
  return {
    mode,
    publicUrl,
    host,
    port,
    dataDir: path.resolve(str(env, 'DATA_DIR') ?? 'data'),
    mongodbUri,
    encryptionKey,
    adminToken,
    devPlatform: bool(env, 'DEV_PLATFORM', mode !== 'production'),
    devPlatformExtraLearners: int(env, 'DEV_PLATFORM_EXTRA_LEARNERS', 0, 0, 10_000, '200'),
    autoApproveRegistrations: bool(env, 'AUTO_APPROVE_REGISTRATIONS', false),
    clockSkewSeconds: int(env, 'CLOCK_SKEW_SECONDS', 60, 0, 600, '60'),
    sessionTtlSeconds: int(env, 'SESSION_TTL_SECONDS', 8 * 3600, 60, 7 * 24 * 3600, '28800'),
    launchRateLimit: int(env, 'LAUNCH_RATE_LIMIT', 600, 1, 1_000_000, '600'),
    adminRateLimit: int(env, 'ADMIN_RATE_LIMIT', 60, 1, 1_000_000, '60'),
    gradeLeaseSeconds: int(env, 'GRADE_LEASE_SECONDS', 120, 5, 3600, '120'),
    allowUnsafeProduction: bool(env, 'ALLOW_UNSAFE_PRODUCTION', false),
    logLevel: oneOf(env, 'LOG_LEVEL', ['debug', 'info', 'warn', 'error', 'silent'] as const, mode === 'test' ? 'silent' : 'info'),
  };
}

/** Settings that are fine on a laptop but unsafe for a school's production server. */
export function productionProblems(config: Config): string[] {
  if (config.mode !== 'production' || config.allowUnsafeProduction) return [];
  const problems: string[] = [];
  if (!config.adminToken) problems.push('ADMIN_TOKEN is unset, so nobody can administer platforms. Example: ADMIN_TOKEN=$(openssl rand -hex 24)');
  if (config.devPlatform) problems.push('DEV_PLATFORM=true serves a fake LMS that can launch as anyone. Unset it, or set ALLOW_UNSAFE_PRODUCTION=true if you really mean it.');
  if (!config.publicUrl.startsWith('https://')) problems.push(`PUBLIC_URL=${config.publicUrl} is not https; LMSs and browsers require https. Example: PUBLIC_URL=https://lti.example.edu`);
  if (!config.encryptionKey) problems.push('ENCRYPTION_KEY is unset; in production it must come from your secret store, not a generated file. Example: ENCRYPTION_KEY=$(openssl rand -hex 32)');
  return problems;
}
