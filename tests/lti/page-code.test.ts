import { expect } from 'chai';
import { openPageCode, PAGE_CODE_TTL_MS, pageCodeKey, sealPageCode } from '../../server/lti/page-code.js';
import { newSessionToken } from '../../server/lti/session.js';

describe('page codes', () => {
  const key = pageCodeKey('a-test-secret-of-at-least-32-characters');
  const { token } = newSessionToken();
  const t0 = 1_700_000_000_000;

  it('opens to the token it sealed, and never shows it', () => {
    const code = sealPageCode(key, token, t0);
    expect(code).to.match(/^[A-Za-z0-9_-]+$/);
    expect(code).not.to.contain(token);
    expect(openPageCode(key, code, t0)).to.equal(token);
    expect(openPageCode(key, code, t0 + 60_000)).to.equal(token);
  });

  it('is valid for 120 seconds, and no longer', () => {
    expect(PAGE_CODE_TTL_MS).to.equal(120_000);
    const code = sealPageCode(key, token, t0);
    expect(openPageCode(key, code, t0 + 119_999)).to.equal(token);
    expect(openPageCode(key, code, t0 + 120_000)).to.equal(null);
    expect(openPageCode(key, code, t0 + 3_600_000)).to.equal(null);
  });

  it('differs each time, so two redirects never share a URL', () => {
    expect(sealPageCode(key, token, t0)).not.to.equal(sealPageCode(key, token, t0));
  });

  it('refuses a code with any byte flipped', () => {
    const bytes = Buffer.from(sealPageCode(key, token, t0), 'base64url');
    for (let i = 0; i < bytes.length; i++) {
      const tampered = Buffer.from(bytes);
      tampered[i] = tampered[i]! ^ 0x01;
      expect(openPageCode(key, tampered.toString('base64url'), t0), `byte ${i}`).to.equal(null);
    }
  });

  it('refuses a code sealed under another secret', () => {
    const code = sealPageCode(pageCodeKey('another-secret-also-32-characters-long'), token, t0);
    expect(openPageCode(key, code, t0)).to.equal(null);
  });

  it('refuses garbage without throwing', () => {
    for (const junk of ['', 'x', 'not a code', '%%%', 'A'.repeat(106), 'A'.repeat(5000), token, Buffer.alloc(40).toString('base64url')]) {
      expect(openPageCode(key, junk, t0), junk.slice(0, 20)).to.equal(null);
    }
  });
});
