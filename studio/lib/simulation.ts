/**
 * Reads the simulation's result line (server/simulation/types.ts
 * SimulationResult) into what the panel draws. Tolerant on purpose: a missing
 * or reshaped figure hides its section instead of breaking the panel, and the
 * flat names of the original contract (completionRate, stepsHistogram,
 * commonPaths, stuck as a list) are read too.
 */
import { isRecord } from './describe.js';

export interface Bar {
  readonly label: string;
  readonly value: number;
}

export interface CommonPath {
  readonly steps: readonly string[];
  readonly count: number;
  readonly share: number | null;
}

/** Something where learners got stuck: an activity, or a rule the loop guard had to stop. */
export interface StuckPoint {
  readonly kind: 'activity' | 'rule';
  readonly id: string;
  readonly learners: number;
  readonly why: string;
}

export interface ObjectiveFigures {
  readonly id: string;
  readonly title: string;
  readonly meanEstimate: number | null;
  readonly masteredShare: number | null;
  readonly knownShare: number | null;
}

export interface Segment {
  readonly title: string;
  readonly rows: ReadonlyArray<{ readonly name: string; readonly learners: number; readonly completionRate: number | null; readonly medianSteps: number | null }>;
}

export interface SimulationSummary {
  readonly learners: number | null;
  /** 0..1: learners who completed along a path the rules produced on their own (the loop guard never stepped in). */
  readonly completionRate: number | null;
  /** Learners who completed only because the loop guard refused some step (null: the result does not say). */
  readonly looped: number | null;
  /** 0..1: `looped` among all learners. */
  readonly loopedRate: number | null;
  readonly endings: ReadonlyArray<readonly [string, number]>;
  readonly histogram: readonly Bar[];
  readonly stats: Readonly<Record<string, number>> | null;
  readonly commonPaths: readonly CommonPath[];
  readonly stuck: readonly StuckPoint[];
  readonly objectives: readonly ObjectiveFigures[];
  readonly segments: readonly Segment[];
  readonly errors: ReadonlyArray<{ readonly message: string; readonly learners: number }>;
  readonly notes: readonly string[];
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function firstNumber(record: Record<string, unknown>, keys: readonly string[]): number | null {
  for (const key of keys) {
    const value = num(record[key]);
    if (value !== null) return value;
  }
  return null;
}

function firstString(record: Record<string, unknown>, keys: readonly string[]): string | null {
  for (const key of keys) if (typeof record[key] === 'string') return record[key];
  return null;
}

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

export function histogramBars(value: unknown): Bar[] {
  if (isRecord(value) && !Array.isArray(value)) {
    return Object.entries(value)
      .flatMap(([label, count]) => (num(count) === null ? [] : [{ label, value: count as number }]))
      .sort((a, b) => Number.parseFloat(a.label) - Number.parseFloat(b.label));
  }
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry, index): Bar[] => {
    if (typeof entry === 'number') return [{ label: String(index), value: entry }];
    if (Array.isArray(entry) && entry.length >= 2) {
      const count = num(entry[1]);
      return count === null ? [] : [{ label: String(entry[0]), value: count }];
    }
    if (isRecord(entry)) {
      const count = firstNumber(entry, ['learners', 'count', 'value', 'n']);
      const from = entry.from ?? entry.steps ?? entry.bucket ?? entry.label ?? entry.min;
      const to = entry.to ?? entry.max;
      if (count === null || from === undefined) return [];
      return [{ label: to !== undefined && to !== from ? `${String(from)}–${String(to)}` : String(from), value: count }];
    }
    return [];
  });
}

function paths(value: unknown, learners: number | null): CommonPath[] {
  return records(value).flatMap((entry): CommonPath[] => {
    const raw = entry.activities ?? entry.path ?? entry.steps;
    const steps = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(/\s*(?:>|→|,)\s*/) : [];
    const count = firstNumber(entry, ['learners', 'count', 'n']) ?? 0;
    const share = firstNumber(entry, ['share', 'rate']) ?? (learners ? count / learners : null);
    return steps.length ? [{ steps, count, share }] : [];
  });
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function stuckPoints(value: unknown): StuckPoint[] {
  // The flat form: [{activityId, count}] or {activityId: count}.
  if (Array.isArray(value) || (isRecord(value) && Object.values(value).every((v) => typeof v === 'number'))) {
    const entries = Array.isArray(value) ? value : Object.entries(value).map(([activityId, count]) => ({ activityId, count }));
    return entries.flatMap((e): StuckPoint[] => {
      if (typeof e === 'string') return [{ kind: 'activity', id: e, learners: 0, why: '' }];
      if (!isRecord(e)) return [];
      const id = firstString(e, ['activityId', 'activity', 'id']);
      return id ? [{ kind: 'activity', id, learners: firstNumber(e, ['learners', 'count']) ?? 0, why: firstString(e, ['reason', 'why']) ?? '' }] : [];
    });
  }
  if (!isRecord(value)) return [];
  const out: StuckPoint[] = [];
  for (const s of records(value.stalls)) {
    const id = firstString(s, ['lastActivity']);
    out.push({ kind: 'activity', id: id ?? '(before the first activity)', learners: num(s.learners) ?? 0, why: 'no rule could continue from here' });
  }
  for (const s of records(value.stepCap)) {
    const id = firstString(s, ['lastActivity']);
    out.push({ kind: 'activity', id: id ?? '(before the first activity)', learners: num(s.learners) ?? 0, why: 'the step cap ended the path here' });
  }
  for (const g of records(value.guardRefusals)) {
    const id = firstString(g, ['ruleId']);
    if (id) out.push({ kind: 'rule', id, learners: num(g.learners) ?? 0, why: `the loop guard refused its step ${plural(num(g.refusals) ?? 0, 'time')}` });
  }
  for (const r of records(value.revisits)) {
    const id = firstString(r, ['activityId']);
    const mean = num(r.meanVisits);
    if (id) out.push({ kind: 'activity', id, learners: num(r.learners) ?? 0, why: `shown again and again${mean !== null ? ` (${mean.toFixed(1)} times on average)` : ''}` });
  }
  return out;
}

function segments(value: unknown): Segment[] {
  if (!isRecord(value)) return [];
  const titles: Record<string, string> = { priorKnowledge: 'By prior knowledge', modality: 'By preferred way to learn' };
  return Object.entries(value).flatMap(([key, rows]): Segment[] => {
    const list = records(rows).map((r) => ({
      name: firstString(r, ['segment', 'name']) ?? '?',
      learners: num(r.learners) ?? 0,
      completionRate: num(r.completionRate),
      medianSteps: num(r.medianSteps),
    }));
    return list.length ? [{ title: titles[key] ?? key, rows: list }] : [];
  });
}

export function summarize(result: Record<string, unknown>): SimulationSummary {
  const learners = num(result.learners);
  const completion = isRecord(result.completion) ? result.completion : {};
  let rate = num(completion.rate) ?? num(result.completionRate);
  if (rate !== null && rate > 1) rate /= 100;
  // A learner the loop guard had to stop did not complete "as designed", though the path ended well: count them apart.
  const looped = num(completion.looped);
  const loopedRate = looped !== null && learners ? looped / learners : null;
  const completed = num(completion.completed);
  if (loopedRate !== null && completed !== null && learners) rate = Math.max(0, completed - looped!) / learners;
  else if (rate !== null && loopedRate !== null) rate = Math.max(0, rate - loopedRate);
  const endings = isRecord(completion.byEnding)
    ? Object.entries(completion.byEnding).flatMap(([k, v]): Array<readonly [string, number]> => (num(v) ? [[k, v as number]] : []))
    : [];
  const steps = isRecord(result.stepsToCompletion) ? result.stepsToCompletion : {};
  const stats = isRecord(steps.stats) ? (Object.fromEntries(Object.entries(steps.stats).filter(([, v]) => num(v) !== null)) as Record<string, number>) : null;
  return {
    learners,
    completionRate: rate,
    looped,
    loopedRate,
    endings,
    histogram: histogramBars(steps.histogram ?? result.stepsHistogram),
    stats,
    commonPaths: paths(result.topPaths ?? result.commonPaths, learners),
    stuck: stuckPoints(result.stuck),
    objectives: records(result.mastery).map((m) => ({
      id: firstString(m, ['objectiveId', 'id']) ?? '?',
      title: firstString(m, ['title']) ?? '',
      meanEstimate: num(m.meanEstimate),
      masteredShare: num(m.masteredShare),
      knownShare: num(m.knownShare),
    })),
    segments: segments(result.segments),
    errors: records(result.errors).map((e) => ({ message: firstString(e, ['message']) ?? '?', learners: num(e.learners) ?? 0 })),
    notes: Array.isArray(result.notes) ? result.notes.filter((n): n is string => typeof n === 'string') : [],
  };
}

const ENDINGS: Record<string, string> = {
  mastered: 'mastered every objective',
  rule: 'ended by a rule',
  maxSteps: 'reached the planned length',
  guardMaxSteps: 'hit the step cap',
  stalled: 'stalled (no rule applied)',
  error: 'engine error',
};

export function endingName(key: string): string {
  return ENDINGS[key] ?? key;
}
