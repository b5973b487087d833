/**
 * Seeded pseudo-randomness.
 *
 * Pool picks must be reproducible from the learner state alone (a resumed session,
 * the studio preview and a test all see the same path), so randomness is
 * counter-based: draw number `counter` under `seed` is a pure function of the two
 * numbers. The state stores both; committing a step that drew advances the counter.
 * The mixing function is mulberry32 (Tommy Ettinger), whose single round is
 * enough to decorrelate consecutive counters.
 */

const GOLDEN_GAMMA = 0x9e3779b9;

function mulberry32Round(a: number): number {
  let t = (a + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** The counter-th draw under seed, uniform in [0, 1). */
export function drawAt(seed: number, counter: number): number {
  return mulberry32Round((seed + Math.imul(counter, GOLDEN_GAMMA)) | 0);
}

/** An index in [0, length) from the counter-th draw. */
export function pickIndex(seed: number, counter: number, length: number): number {
  return Math.floor(drawAt(seed, counter) * length);
}

/** A sequential generator for simulations and tests; the engine itself uses drawAt. */
export function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    const value = mulberry32Round(a);
    a = (a + 0x6d2b79f5) | 0;
    return value;
  };
}

/** Derives a 32-bit seed from text (FNV-1a), e.g. from `${learnerId}:${sequenceId}`. */
export function seedFrom(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
