import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, productionProblems } from '../../server/config.js';
import { loadOrCreateSecrets } from '../../server/bootstrap.js';

describe('config', () => {
  it('works with zero configuration', () => {
    const c = loadConfig({});
    expect(c.mode).to.equal('development');
    expect(c.port).to.equal(3000);
    expect(c.publicUrl).to.equal('http://127.0.0.1:3000');
    expect(c.mongodbUri).to.equal(undefined);
    expect(c.devPlatform).to.equal(true);
    expect(c.clockSkewSeconds).to.equal(60);
    expect(c.devPlatformExtraLearners).to.equal(0);
  });

  it('derives the public URL from PORT and strips a trailing slash from PUBLIC_URL', () => {
    expect(loadConfig({ PORT: '8080' }).publicUrl).to.equal('http://127.0.0.1:8080');
    expect(loadConfig({ PUBLIC_URL: 'https://lti.example.edu/' }).publicUrl).to.equal('https://lti.example.edu');
  });

  const bad: Array<[Record<string, string>, string, RegExp]> = [
    [{ PORT: 'eighty' }, 'PORT', /whole number.*Example: PORT=3000/],
    [{ PORT: '70000' }, 'PORT', /between 0 and 65535/],
    [{ PUBLIC_URL: 'lti.example.edu' }, 'PUBLIC_URL', /absolute URL.*Example: PUBLIC_URL=https/],
    [{ PUBLIC_URL: 'ftp://x.edu' }, 'PUBLIC_URL', /http or https/],
    [{ MONGODB_URI: 'localhost:27017' }, 'MONGODB_URI', /mongodb:\/\//],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV', /one of development, production, test/],
    [{ DEV_PLATFORM: 'maybe' }, 'DEV_PLATFORM', /true or false/],
    [{ ENCRYPTION_KEY: 'short' }, 'ENCRYPTION_KEY', /at least 32/],
    [{ ADMIN_TOKEN: 'short' }, 'ADMIN_TOKEN', /at least 24/],
    [{ CLOCK_SKEW_SECONDS: '9999' }, 'CLOCK_SKEW_SECONDS', /between 0 and 600/],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /one of/],
    [{ DEV_PLATFORM_EXTRA_LEARNERS: '20000' }, 'DEV_PLATFORM_EXTRA_LEARNERS', /between 0 and 10000/],
  ];
  for (const [env, variable, message] of bad) {
    it(`names ${variable} and gives an example when it is malformed (${JSON.stringify(env)})`, () => {
      try {
        loadConfig(env);
        expect.fail('should have thrown');
      } catch (err) {
        expect(err).to.be.instanceOf(ConfigError);
        expect((err as ConfigError).variable).to.equal(variable);
        expect((err as Error).message).to.match(message);
      }
    });
  }

  it('lists every unsafe production setting, and accepts an explicit override', () => {
    const problems = productionProblems(loadConfig({ NODE_ENV: 'production', DEV_PLATFORM: 'true', PUBLIC_URL: 'http://lti.example.edu' }));
    expect(problems.join('\n')).to.match(/ADMIN_TOKEN/).and.match(/DEV_PLATFORM/).and.match(/not https/).and.match(/ENCRYPTION_KEY/);
    expect(productionProblems(loadConfig({ NODE_ENV: 'production', ALLOW_UNSAFE_PRODUCTION: 'true' }))).to.deep.equal([]);
    const safe = loadConfig({
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://lti.example.edu',
      ADMIN_TOKEN: 'a'.repeat(32),
      ENCRYPTION_KEY: 'b'.repeat(64),
    });
    expect(safe.devPlatform).to.equal(false);
    expect(productionProblems(safe)).to.deep.equal([]);
  });
});

describe('first start', () => {
  it('creates the data directory and an encryption key once, and keeps it across restarts', () => {
    const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cfg-')), 'nested', 'data');
    const first = loadOrCreateSecrets({ dataDir, encryptionKey: undefined });
    expect(first.created).to.equal(true);
    expect(first.encryptionKey).to.have.length(64);
    const mode = fs.statSync(path.join(dataDir, 'encryption.key')).mode & 0o777;
    expect(mode).to.equal(0o600);
    const second = loadOrCreateSecrets({ dataDir, encryptionKey: undefined });
    expect(second).to.deep.equal({ encryptionKey: first.encryptionKey, created: false });
  });

  it('prefers ENCRYPTION_KEY from the environment and writes nothing', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfg-'));
    const s = loadOrCreateSecrets({ dataDir, encryptionKey: 'k'.repeat(40) });
    expect(s.encryptionKey).to.equal('k'.repeat(40));
    expect(fs.existsSync(path.join(dataDir, 'encryption.key'))).to.equal(false);
  });
});
