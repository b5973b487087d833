/**
 * Structured JSON logs. Tokens and secrets are redacted at the logger, so no
 * call site can leak an id_token, a session token or an admin token by accident.
 */
import { pino, type Logger } from 'pino';
import type { Config } from './config.js';

export type { Logger };

const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'id_token',
  'token',
  'access_token',
  'client_assertion',
  'registration_token',
  '*.id_token',
  '*.access_token',
  '*.client_assertion',
  '*.token',
  '*.privateKey',
];

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    redact: { paths: REDACT, censor: '[redacted]' },
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

/**
 * Query parameters that carry credentials; stripped from logged URLs. `code` is
 * a page code (a session for two minutes); `s` is no longer read, but an old
 * link may still carry a live token in it.
 */
const SECRET_PARAMS = ['s', 'code', 'ltik', 'registration_token', 'id_token', 'token'];

export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const name of SECRET_PARAMS) if (params.has(name)) params.set(name, 'redacted');
  return `${url.slice(0, q)}?${params.toString()}`;
}
