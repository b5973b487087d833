/**
 * Aggregates learner outcomes into the figures a designer reads: how many
 * complete, in how many steps, along which paths, where learners go round in
 * circles or get stuck, and what they end up mastering.
 */
import type { CompiledSequence } from '../engine/index.js';
import { MODALITIES } from './population.js';
import type {
  EndPoint,
  Ending,
  GuardPoint,
  HistogramBin,
  LearnerOutcome,
  ObjectiveMastery,
  PathCount,
  RevisitPoint,
  SegmentFigures,
  SimulationResult,
  StepStats,
} from './types.js';

/** Endings the designer intended; the rest are forced by the loop guard or are errors. */
const COMPLETIONS: ReadonlySet<Ending> = new Set<Ending>(['mastered', 'rule', 'maxSteps']);
const ENDINGS: readonly Ending[] = ['mastered', 'rule', 'maxSteps', 'guardMaxSteps', 'stalled', 'error'];
const TOP_PATHS = 10;
const TOP_REVISITS = 10;
/** A histogram wider than this many bins is grouped into ranges. */
const MAX_BINS = 30;

export const isCompletion = (o: LearnerOutcome): boolean => COMPLETIONS.has(o.ending);

const share = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
}

export function stepStats(steps: readonly number[]): StepStats | null {
  if (steps.length === 0) return null;
  const sorted = [...steps].sort((a, b) => a - b);
  return {
    min: sorted[0] ?? 0,
    median: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    max: sorted[sorted.length - 1] ?? 0,
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
  };
}

export function histogram(steps: readonly number[]): HistogramBin[] {
  if (steps.length === 0) return [];
  const min = Math.min(...steps);
  const max = Math.max(...steps);
  const width = Math.max(1, Math.ceil((max - min + 1) / MAX_BINS));
  const bins: HistogramBin[] = [];
  for (let from = min; from <= max; from += width) bins.push({ from, to: from + width - 1, learners: 0 });
  const counts = bins.map(() => 0);
  for (const s of steps) {
    const i = Math.floor((s - min) / width);
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return bins.map((bin, i) => ({ ...bin, learners: counts[i] ?? 0 }));
}

function topPaths(outcomes: readonly LearnerOutcome[]): PathCount[] {
  const counts = new Map<string, { activities: readonly string[]; learners: number }>();
  for (const o of outcomes) {
    const key = o.path.join('\u0000');
    const entry = counts.get(key);
    if (entry) entry.learners++;
    else counts.set(key, { activities: o.path, learners: 1 });
  }
  return [...counts.values()]
    .sort((a, b) => b.learners - a.learners || a.activities.length - b.activities.length)
    .slice(0, TOP_PATHS)
    .map((p) => ({ ...p, share: share(p.learners, outcomes.length) }));
}

function revisits(outcomes: readonly LearnerOutcome[]): RevisitPoint[] {
  const byActivity = new Map<string, { learners: number; visits: number; maxVisits: number }>();
  for (const o of outcomes) {
    const visits = new Map<string, number>();
    for (const id of o.path) visits.set(id, (visits.get(id) ?? 0) + 1);
    for (const [id, n] of visits) {
      if (n < 2) continue;
      const entry = byActivity.get(id) ?? { learners: 0, visits: 0, maxVisits: 0 };
      entry.learners++;
      entry.visits += n;
      entry.maxVisits = Math.max(entry.maxVisits, n);
      byActivity.set(id, entry);
    }
  }
  return [...byActivity]
    .map(([activityId, e]) => ({ activityId, learners: e.learners, share: share(e.learners, outcomes.length), meanVisits: e.visits / e.learners, maxVisits: e.maxVisits }))
    .sort((a, b) => b.learners - a.learners || b.meanVisits - a.meanVisits || a.activityId.localeCompare(b.activityId))
    .slice(0, TOP_REVISITS);
}

function guardRefusals(outcomes: readonly LearnerOutcome[]): GuardPoint[] {
  const byRule = new Map<string, { refusals: number; learners: number }>();
  for (const o of outcomes) {
    const seen = new Set<string>();
    for (const ruleId of o.guardRefusals) {
      const entry = byRule.get(ruleId) ?? { refusals: 0, learners: 0 };
      entry.refusals++;
      if (!seen.has(ruleId)) entry.learners++;
      seen.add(ruleId);
      byRule.set(ruleId, entry);
    }
  }
  return [...byRule].map(([ruleId, e]) => ({ ruleId, ...e })).sort((a, b) => b.learners - a.learners || b.refusals - a.refusals || a.ruleId.localeCompare(b.ruleId));
}

function endPoints(outcomes: readonly LearnerOutcome[], ending: Ending): EndPoint[] {
  const byLast = new Map<string | null, number>();
  for (const o of outcomes) {
    if (o.ending !== ending) continue;
    const last = o.path[o.path.length - 1] ?? null;
    byLast.set(last, (byLast.get(last) ?? 0) + 1);
  }
  return [...byLast].map(([lastActivity, learners]) => ({ lastActivity, learners })).sort((a, b) => b.learners - a.learners);
}

function mastery(compiled: CompiledSequence, outcomes: readonly LearnerOutcome[]): ObjectiveMastery[] {
  return compiled.objectives.map((objective) => {
    let estimate = 0;
    let mastered = 0;
    let known = 0;
    for (const o of outcomes) {
      estimate += o.estimates[objective.id] ?? 0;
      if (o.mastered.includes(objective.id)) mastered++;
      if (o.known.includes(objective.id)) known++;
    }
    return {
      objectiveId: objective.id,
      title: objective.title,
      meanEstimate: share(estimate, outcomes.length),
      masteredShare: share(mastered, outcomes.length),
      knownShare: share(known, outcomes.length),
    };
  });
}

function segment(name: string, group: readonly LearnerOutcome[]): SegmentFigures {
  const completed = group.filter(isCompletion);
  return {
    segment: name,
    learners: group.length,
    completionRate: share(completed.length, group.length),
    medianSteps: stepStats(completed.map((o) => o.steps))?.median ?? null,
  };
}

function errors(outcomes: readonly LearnerOutcome[]): { message: string; learners: number }[] {
  const byMessage = new Map<string, number>();
  for (const o of outcomes) if (o.errorMessage !== null) byMessage.set(o.errorMessage, (byMessage.get(o.errorMessage) ?? 0) + 1);
  return [...byMessage].map(([message, learners]) => ({ message, learners })).sort((a, b) => b.learners - a.learners);
}

export function report(compiled: CompiledSequence, outcomes: readonly LearnerOutcome[], seed: number, notes: readonly string[]): SimulationResult {
  const completed = outcomes.filter(isCompletion);
  const byEnding = Object.fromEntries(ENDINGS.map((e) => [e, 0])) as Record<Ending, number>;
  for (const o of outcomes) byEnding[o.ending]++;
  const steps = completed.map((o) => o.steps);
  const looped = completed.filter((o) => o.guardRefusals.length > 0).length;
  return {
    sequenceId: compiled.id,
    learners: outcomes.length,
    seed,
    completion: { rate: share(completed.length, outcomes.length), completed: completed.length, looped, byEnding },
    stepsToCompletion: { histogram: histogram(steps), stats: stepStats(steps) },
    topPaths: topPaths(outcomes),
    stuck: {
      revisits: revisits(outcomes),
      guardRefusals: guardRefusals(outcomes),
      stalls: endPoints(outcomes, 'stalled'),
      stepCap: endPoints(outcomes, 'guardMaxSteps'),
    },
    mastery: mastery(compiled, outcomes),
    segments: {
      priorKnowledge: (['low', 'typical', 'high'] as const).map((band) => segment(band, outcomes.filter((o) => o.band === band))),
      modality: MODALITIES.map((m) => segment(m, outcomes.filter((o) => o.modality === m))),
    },
    errors: errors(outcomes),
    notes,
  };
}
