/**
 * The class overview as a view model: one row per learner (status, progress,
 * score, mastery per objective, time, last activity, grade sync, flags).
 * Pages and the CSV export render the same rows, so they cannot disagree.
 */
import { grade, type CompiledSequence, type LearnerState } from '../engine/index.js';
import type { AttemptScan } from './attempt-scan.js';
import type { ClassData, LearnerEntry, ObjectiveColumn } from './class-data.js';
import { gradeSync, type GradeSync } from './grade-sync.js';
import { flagsFor, type Flag, type SignalPolicy } from './signals.js';

export type Status = 'not-started' | 'in-progress' | 'completed';

export const STATUS_LABELS: Record<Status, string> = { 'not-started': 'Not started', 'in-progress': 'In progress', completed: 'Completed' };

/**
 * One learner's mastery of one objective, read the same way on the page and in
 * both CSVs: `value` is the model's current estimate, never rounded up, and
 * `mastered` says separately that the learner reached the target. Mastery is
 * sticky (a later slip does not take it back, so a score never drops), so a
 * mastered objective can show an estimate below its target.
 */
export interface MasteryCell {
  objectiveId: string;
  /** The estimate, 0..1; null when the objective is not in the learner's version or the learner has not started. */
  value: number | null;
  /** Reached the target at some point: kept even when the estimate has slipped since. */
  mastered: boolean;
  /** 0 (no evidence of mastery) to 3 (mastered), for the heatmap's colour; the text carries the same information. */
  band: 0 | 1 | 2 | 3 | null;
}

export interface ProgressFacts {
  /** Of the objectives completion requires (what the LMS's progress share counts), how many are mastered. */
  mastered: number;
  required: number;
  /** Completion requires every objective of the version: the page then need not say "required". */
  allRequired: boolean;
  /** Steps taken; for a learner still working, the one they are on (the player's "step 12"). */
  steps: number;
}

export interface OverviewRow {
  userId: string;
  name: string;
  email: string | null;
  onRoster: boolean;
  status: Status;
  /** Words that qualify the status ("not on the LMS roster", "stopped by the loop guard"). */
  notes: string[];
  /**
   * What the learner has done, in counts a teacher reads at a glance; null when not started or unreadable.
   * Not the share the LMS gets as activityProgress (0 until an objective is mastered, 100% for any finish),
   * which read as "did nothing" for a learner at work and as "all done" for one who finished unmastered.
   */
  progress: ProgressFacts | null;
  /** Null when not started, unreadable, or started with nothing graded yet (then `awaitingScore`). */
  score: number | null;
  /** Started, but has shown nothing the grading method counts: "no score yet", which is not 0. */
  awaitingScore: boolean;
  mastery: MasteryCell[];
  timeOnTaskSeconds: number;
  lastActive: number | null;
  /** Answers given, each question of a warm-up counted. */
  answers: number;
  /** "Fractions v2": the version the learner is on; null when they never launched. */
  on: string | null;
  grade: GradeSync;
  flags: Flag[];
}

export interface Overview {
  rows: OverviewRow[];
  objectives: ObjectiveColumn[];
  counts: Record<Status, number>;
  flagged: OverviewRow[];
}

export function buildOverview(data: ClassData, scan: AttemptScan, policy: SignalPolicy, now: number): Overview {
  const rows = data.learners.map((l) => row(l, data.objectives, scan, policy, now));
  const counts: Record<Status, number> = { 'not-started': 0, 'in-progress': 0, completed: 0 };
  for (const r of rows) counts[r.status] += 1;
  return { rows, objectives: data.objectives, counts, flagged: rows.filter((r) => r.flags.length > 0) };
}

export function displayName(entry: Pick<LearnerEntry, 'name' | 'userId'>): string {
  return entry.name ?? `Learner ${entry.userId}`;
}

function row(l: LearnerEntry, objectives: ObjectiveColumn[], scan: AttemptScan, policy: SignalPolicy, now: number): OverviewRow {
  const attempts = scan.byLearner.get(l.userId);
  const lastActive = maxOf(l.record?.updatedAt ?? null, attempts?.lastAt ?? null);
  const report = l.state !== null && l.compiled !== null ? grade(l.compiled, l.state) : null;
  const notes: string[] = [];
  if (!l.onRoster) notes.push('not on the LMS roster');
  if (l.record !== null && l.state === null) notes.push('progress unreadable');
  if (l.state?.completed && (l.state.completed.reason === 'stalled' || l.state.completed.reason === 'guardMaxSteps')) notes.push('stopped by the loop guard');
  return {
    userId: l.userId,
    name: displayName(l),
    email: l.email,
    onRoster: l.onRoster,
    status: l.record === null ? 'not-started' : l.state?.completed ? 'completed' : 'in-progress',
    notes,
    progress: l.state !== null && l.compiled !== null ? progressFacts(l.compiled, l.state) : null,
    score: report?.score ?? null,
    awaitingScore: report !== null && report.score === null,
    mastery: objectives.map((o) => masteryCell(l, o)),
    timeOnTaskSeconds: l.state?.timeOnTask.total ?? 0,
    lastActive,
    answers: attempts?.answers ?? 0,
    on: l.on?.label ?? null,
    grade: gradeSync(l.grade, l.gradeColumnMaximum),
    flags: flagsFor({ state: l.state, compiled: l.compiled, attempts, lastActive }, policy, now),
  };
}

function progressFacts(compiled: CompiledSequence, state: LearnerState): ProgressFacts {
  const required = compiled.completion.objectives;
  return {
    mastered: required.filter((id) => state.mastered.includes(id)).length,
    required: required.length,
    allRequired: compiled.objectives.every((o) => required.includes(o.id)),
    steps: state.stepCount,
  };
}

function masteryCell(l: LearnerEntry, o: ObjectiveColumn): MasteryCell {
  const { state, compiled } = l;
  const onSequence = l.record?.sequenceId === o.sequenceId;
  const inVersion = onSequence && (compiled === null ? state !== null && Object.hasOwn(state.mastery, o.id) : compiled.objectiveById.has(o.id));
  if (state === null || !inVersion) return { objectiveId: o.id, value: null, mastered: false, band: null };
  const mastered = state.mastered.includes(o.id);
  const estimate = Object.hasOwn(state.mastery, o.id) ? (state.mastery[o.id] ?? 0) : 0;
  // The estimate as it is, as the learner's story and the attempts CSV give it; `mastered` carries the sticky part.
  const value = Math.min(1, Math.max(0, estimate));
  const threshold = compiled?.objectiveById.get(o.id)?.threshold ?? o.threshold;
  return { objectiveId: o.id, value, mastered, band: mastered ? 3 : value >= threshold * 0.75 ? 2 : value >= threshold * 0.4 ? 1 : 0 };
}

function maxOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}
