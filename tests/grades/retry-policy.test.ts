/** Retry-After parsing and back-off bounds: the arithmetic the worker's scheduling rests on. */
import { expect } from 'chai';
import { DEFAULT_BACKOFF, retryDelay, validateBackoff } from '../../server/grades/backoff.js';
import { parseRetryAfter } from '../../server/grades/retry-after.js';

const NOW = Date.parse('2025-03-01T12:00:00.000Z');

describe('grades: Retry-After parsing', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('0', NOW)).to.equal(0);
    expect(parseRetryAfter('7', NOW)).to.equal(7000);
    expect(parseRetryAfter(' 120 ', NOW)).to.equal(120_000);
  });

  it('reads an IMF-fixdate as the delay until then', () => {
    expect(parseRetryAfter('Sat, 01 Mar 2025 12:00:30 GMT', NOW)).to.equal(30_000);
  });

  it('reads the obsolete RFC 850 and asctime forms, asctime as GMT', () => {
    expect(parseRetryAfter('Saturday, 01-Mar-25 12:01:00 GMT', NOW)).to.equal(60_000);
    expect(parseRetryAfter('Sat Mar  1 12:00:10 2025', NOW)).to.equal(10_000);
  });

  it('treats a date in the past as "now"', () => {
    expect(parseRetryAfter('Sat, 01 Mar 2025 11:00:00 GMT', NOW)).to.equal(0);
  });

  it('ignores absent and malformed values instead of guessing', () => {
    for (const bad of [null, undefined, '', '-5', '1.5', 'soon', '2025-03-01T12:00:30Z', 'Sat, 01 Mar 2025 12:00:30 PST', '99999999999999999999']) {
      expect(parseRetryAfter(bad, NOW), String(bad)).to.equal(null);
    }
  });
});

describe('grades: back-off', () => {
  const policy = { baseMs: 2000, capMs: 600_000, maxRetryAfterMs: 3_600_000 };
  const low = () => 0;
  const high = () => 0.999999;

  it('doubles per try, with jitter within [d/2, d]', () => {
    for (const [tries, d] of [[0, 2000], [1, 4000], [2, 8000], [5, 64_000]] as const) {
      expect(retryDelay(policy, tries, null, low)).to.equal(d / 2);
      expect(retryDelay(policy, tries, null, high)).to.be.within(d / 2, d);
      for (let i = 0; i < 50; i++) expect(retryDelay(policy, tries)).to.be.within(d / 2, d);
    }
  });

  it('never exceeds the cap, even after very many tries', () => {
    for (const tries of [9, 10, 20, 1023, 5000, Number.MAX_SAFE_INTEGER]) {
      expect(retryDelay(policy, tries, null, high)).to.be.within(policy.capMs / 2, policy.capMs);
    }
  });

  it('honours Retry-After as a floor, clamped to maxRetryAfterMs', () => {
    expect(retryDelay(policy, 0, 30_000, high)).to.equal(30_000);
    expect(retryDelay(policy, 10, 30_000, low)).to.equal(policy.capMs / 2);
    expect(retryDelay(policy, 0, 0, low)).to.equal(1000);
    expect(retryDelay(policy, 0, 86_400_000, low)).to.equal(policy.maxRetryAfterMs);
  });

  it('defaults to 2 s doubling up to 10 minutes', () => {
    expect(DEFAULT_BACKOFF).to.include({ baseMs: 2000, capMs: 600_000 });
  });

  it('rejects a policy that could not back off', () => {
    expect(() => validateBackoff({ baseMs: 0, capMs: 10, maxRetryAfterMs: 0 })).to.throw(RangeError);
    expect(() => validateBackoff({ baseMs: 100, capMs: 10, maxRetryAfterMs: 0 })).to.throw(RangeError);
    expect(() => validateBackoff({ baseMs: 10, capMs: 100, maxRetryAfterMs: -1 })).to.throw(RangeError);
  });
});
