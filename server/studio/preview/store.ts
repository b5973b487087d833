/**
 * Previews live in memory only: a draft being tried is not a learner, so it
 * never gets a learner record, an attempt, a score in the outbox or a line in
 * analytics. Each preview belongs to the session that opened it (and so to
 * its platform), expires an hour after its last use, and the number kept is
 * capped per session and overall, oldest dropped first, so memory stays
 * bounded whatever designers do.
 */
import crypto from 'node:crypto';
import type { CompiledSequence } from '../../engine/index.js';
import type { PlayerState } from '../../delivery/player-state.js';
import type { TraceStep } from './trace.js';

export interface Preview {
  readonly id: string;
  /** The session (sha256 of its token) that opened it; only it may use it. */
  readonly sessionId: string;
  readonly compiled: CompiledSequence;
  state: PlayerState;
  /** One entry per decision, oldest first (capped). */
  readonly steps: TraceStep[];
  /** Answer keys already applied: a double-submitted answer is recorded once, as in the player. */
  readonly usedKeys: Set<string>;
  expiresAt: number;
}

export interface PreviewLimits {
  readonly ttlMs?: number;
  readonly maxPerSession?: number;
  readonly maxTotal?: number;
}

/** More steps than the engine's own cap would never be shown. */
const MAX_TRACE_STEPS = 500;

export class PreviewStore {
  /** Insertion order is least recently opened first (touch re-inserts). */
  readonly #previews = new Map<string, Preview>();
  readonly #ttlMs: number;
  readonly #maxPerSession: number;
  readonly #maxTotal: number;

  constructor(
    private readonly now: () => number,
    limits: PreviewLimits = {},
  ) {
    this.#ttlMs = limits.ttlMs ?? 60 * 60_000;
    this.#maxPerSession = limits.maxPerSession ?? 5;
    this.#maxTotal = limits.maxTotal ?? 200;
  }

  get size(): number {
    this.#sweep();
    return this.#previews.size;
  }

  create(sessionId: string, compiled: CompiledSequence, state: PlayerState, first: TraceStep): Preview {
    this.#sweep();
    const id = crypto.randomBytes(16).toString('base64url');
    const preview: Preview = { id, sessionId, compiled, state, steps: [first], usedKeys: new Set(), expiresAt: this.now() + this.#ttlMs };
    this.#previews.set(id, preview);
    const mine = [...this.#previews.values()].filter((p) => p.sessionId === sessionId);
    for (const old of mine.slice(0, Math.max(0, mine.length - this.#maxPerSession))) this.#previews.delete(old.id);
    for (const old of [...this.#previews.keys()].slice(0, Math.max(0, this.#previews.size - this.#maxTotal))) this.#previews.delete(old);
    return preview;
  }

  /** The session's own preview, kept alive; null when unknown, expired, or another session's. */
  get(id: string, sessionId: string): Preview | null {
    this.#sweep();
    const preview = this.#previews.get(id);
    if (!preview || preview.sessionId !== sessionId) return null;
    preview.expiresAt = this.now() + this.#ttlMs;
    this.#previews.delete(id);
    this.#previews.set(id, preview);
    return preview;
  }

  record(preview: Preview, step: TraceStep): void {
    preview.steps.push(step);
    if (preview.steps.length > MAX_TRACE_STEPS) preview.steps.splice(0, preview.steps.length - MAX_TRACE_STEPS);
  }

  #sweep(): void {
    const now = this.now();
    for (const [id, p] of this.#previews) if (p.expiresAt <= now) this.#previews.delete(id);
  }
}
