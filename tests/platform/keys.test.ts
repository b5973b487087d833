import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import express from 'express';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import request from 'supertest';
import { createDevPlatform, SAMPLE } from '../../server/platform/index.js';
import { launch, setup, ToolHarness, type Setup } from './harness.js';

describe('platform keys', () => {
  describe('rotation', () => {
    let s: Setup;
    before(async () => {
      s = await setup();
    });
    after(() => s.close());

    it('signs with the new key and keeps the old one in the JWKS', async () => {
      const old = await launch(s, s.platform.launchStartUrl(SAMPLE.users.maya, SAMPLE.links.addingFractions));
      const oldKid = s.platform.activeKid();
      expect(decodeProtectedHeader(old.idToken).kid).to.equal(oldKid);

      await s.platform.rotateKey();
      const newKid = s.platform.activeKid();
      expect(newKid).not.to.equal(oldKid);

      const jwks = (await request(s.origin).get('/platform/jwks').expect(200)).body;
      expect(jwks.keys.map((k: { kid: string }) => k.kid)).to.deep.equal([oldKid, newKid]);

      const fresh = await launch(s, s.platform.launchStartUrl(SAMPLE.users.maya, SAMPLE.links.addingFractions));
      expect(decodeProtectedHeader(fresh.idToken).kid).to.equal(newKid);
      // A token signed before the rotation still verifies.
      await jwtVerify(old.idToken, createLocalJWKSet(jwks), { issuer: s.platform.issuer });
    });
  });

  describe('signJwt', () => {
    let s: Setup;
    before(async () => {
      s = await setup();
    });
    after(() => s.close());

    it('signs exactly the given claims with the active kid by default', async () => {
      const jwt = await s.platform.signJwt({ hello: 'world' });
      expect(decodeProtectedHeader(jwt)).to.include({ alg: 'RS256', kid: s.platform.activeKid() });
      const jwks = (await request(s.origin).get('/platform/jwks')).body;
      const { payload } = await jwtVerify(jwt, createLocalJWKSet(jwks));
      expect(payload).to.deep.equal({ hello: 'world' });
    });

    it('can omit or override the kid, and use other algorithms including none', async () => {
      expect(decodeProtectedHeader(await s.platform.signJwt({}, { kid: null }))).not.to.have.property('kid');
      expect(decodeProtectedHeader(await s.platform.signJwt({}, { kid: 'bogus' }))).to.include({ kid: 'bogus' });
      expect(decodeProtectedHeader(await s.platform.signJwt({}, { alg: 'PS256' }))).to.include({ alg: 'PS256' });
      const unsigned = await s.platform.signJwt({ sub: 'x' }, { alg: 'none' });
      expect(decodeProtectedHeader(unsigned)).to.include({ alg: 'none' });
      expect(unsigned.endsWith('.')).to.equal(true);
    });

    it('builds launch claims that tests can tweak and sign', async () => {
      const claims = s.platform.idTokenClaims({ userId: SAMPLE.users.maya, linkId: SAMPLE.links.addingFractions, nonce: 'n-1' });
      expect(claims).to.include({ aud: s.tool.clientId, sub: SAMPLE.users.maya, nonce: 'n-1' });
      expect(() => s.platform.idTokenClaims({ userId: SAMPLE.users.priya, linkId: SAMPLE.links.addingFractions, nonce: 'n' })).to.throw(/no access/);
      expect(() => s.platform.idTokenClaims({ userId: 'nobody', linkId: SAMPLE.links.addingFractions, nonce: 'n' })).to.throw(/Unknown user/);
    });
  });

  describe('keyFile persistence', () => {
    let dir: string;
    let tool: ToolHarness;
    before(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'dev-platform-keys-'));
      tool = await ToolHarness.start();
    });
    after(async () => {
      await tool.close();
      await rm(dir, { recursive: true, force: true });
    });

    const create = (keyFile: string) => createDevPlatform({ issuer: 'http://127.0.0.1:9/platform', keyFile, tool: tool.registration() });

    it('creates the key file (and its directory) and reuses it on the next start', async () => {
      const keyFile = path.join(dir, 'nested', 'platform-keys.json');
      const first = await create(keyFile);
      expect((await stat(keyFile)).mode & 0o777).to.equal(0o600);
      const second = await create(keyFile);
      expect(second.activeKid()).to.equal(first.activeKid());

      await second.rotateKey();
      const third = await create(keyFile);
      expect(third.activeKid()).to.equal(second.activeKid());
      const stored = JSON.parse(await readFile(keyFile, 'utf8'));
      expect(stored.keys.map((k: { kid: string }) => k.kid)).to.deep.equal([first.activeKid(), third.activeKid()]);

      // Tokens signed by an earlier process verify against the later JWKS.
      const jwt = await first.signJwt({ iss: first.issuer });
      const app = express();
      app.use('/platform', third.router);
      const jwks = (await request(app).get('/platform/jwks').expect(200)).body;
      await jwtVerify(jwt, createLocalJWKSet(jwks), { issuer: first.issuer });
    });

    it('refuses an unreadable key file instead of silently replacing keys tools trust', async () => {
      const keyFile = path.join(dir, 'broken.json');
      await writeFile(keyFile, '{"format":"something-else"}');
      let error: unknown;
      await create(keyFile).catch((e: unknown) => (error = e));
      expect(error).to.be.instanceOf(Error);
      expect((error as Error).message).to.contain(keyFile).and.contain('delete it');
    });
  });
});
