/**
 * Per activity: how the class fared on it. Attempts, first-try success and
 * the common wrong answers come from the attempt scan; reach, time, hints
 * and where paths end come from the learners' states.
 *
 * A row is one activity under the title its learners saw: learners are pinned
 * to the version they started, and a later version may rename an activity.
 * Each learner's figures go under their own version's title (as their story
 * and the attempts CSV name it), so versions that agree on a title share a
 * row and versions that differ get a row each, saying which learners it counts.
 */
import { isQuestion, type Activity, type CompiledSequence, type LearnerState } from '../engine/index.js';
import type { AttemptScan, QuestionAttempts } from './attempt-scan.js';
import type { ClassData } from './class-data.js';
import { labelWith } from './charts.js';
import type { SignalPolicy } from './signals.js';

export interface ActivityStats {
  id: string;
  /** The sequence it belongs to: activity ids are only unique within one. */
  sequenceId: string;
  /** Its sequence's title when the link's learners are on more than one sequence, else null. */
  sequenceTitle: string | null;
  /** As the learners counted here saw it. */
  title: string;
  /**
   * The versions whose learners saw this title ("v1", "v2 and v3") when the
   * activity has another title in another version in use (so it has another
   * row); null when its title is the same for everyone.
   */
  versionNote: string | null;
  /** What the charts print: the title, with the version note when there is one (kept whole however long the title). */
  label: string;
  kindLabel: string;
  isQuestion: boolean;
  /** Learners who were shown it at least once. */
  reached: number;
  /** Answers to it, each warm-up question answered counted. */
  answers: number;
  /** Times it was left blank in a warm-up; not among the answers. */
  blanks: number;
  /** Learners who answered it at least once. */
  answeredBy: number;
  /** Share of those whose first answer was right; null when nobody answered. */
  firstTryShare: number | null;
  wrongAnswers: Array<{ label: string; count: number }>;
  /** Wrong answers beyond the distinct ones kept. */
  otherWrong: number;
  misconceptions: Array<{ title: string; count: number }>;
  /** Mean seconds per learner who spent time on it. */
  averageSeconds: number | null;
  hintsRevealed: number;
  learnersWithHints: number;
  /** Learners in progress whose path is here now, active recently. */
  currentlyHere: number;
  /** Learners in progress whose path is here but who have not been active for `inactiveDays`. */
  leftHere: number;
  /** Learners whose path the guard stopped right after this activity. */
  stoppedHere: number;
}

const KIND_LABELS: Record<Activity['kind'], string> = {
  singleChoice: 'Question (one answer)',
  multipleChoice: 'Question (several answers)',
  numeric: 'Question (number)',
  shortText: 'Question (typed answer)',
  reading: 'Reading',
  video: 'Video',
  handsOn: 'Hands-on',
  survey: 'Survey',
  diagnostic: 'Warm-up',
};

const TOP_WRONG = 3;

const SEP = '\u0000';

/** A row's key: the sequence, the activity, and the title its learners saw ('' when no version in use names it). */
function rowKey(sequenceId: string, activityId: string, title: string | null): string {
  return `${sequenceId}${SEP}${activityId}${SEP}${title ?? ''}`;
}

/**
 * The titles learners saw. A learner's own version names an activity; a
 * version that can no longer be read borrows the name the placed version, or
 * another version in use, gives it.
 */
class SeenTitles {
  private readonly fallback = new Map<string, { activity: Activity; compiled: CompiledSequence }>();

  constructor(data: ClassData) {
    const remember = (sequenceId: string, compiled: CompiledSequence | null) => {
      if (compiled === null) return;
      for (const activity of compiled.doc.activities) {
        const key = `${sequenceId}${SEP}${activity.id}`;
        if (!this.fallback.has(key)) this.fallback.set(key, { activity, compiled });
      }
    };
    if (data.placement !== null) remember(data.placement.sequenceId, data.latest);
    for (const l of data.learners) if (l.record !== null) remember(l.record.sequenceId, l.compiled);
  }

  /** The activity as a learner on `compiled` of `sequenceId` saw it, and the version that describes it; undefined when none does. */
  seen(sequenceId: string, compiled: CompiledSequence | null, activityId: string): { activity: Activity; compiled: CompiledSequence } | undefined {
    const own = compiled?.activityById.get(activityId);
    if (compiled !== null && own !== undefined) return { activity: own, compiled };
    return this.fallback.get(`${sequenceId}${SEP}${activityId}`);
  }

  keyFor(sequenceId: string, compiled: CompiledSequence | null, activityId: string): string {
    return rowKey(sequenceId, activityId, this.seen(sequenceId, compiled, activityId)?.activity.title ?? null);
  }
}

/**
 * The key of the row each learner's answers to a question are counted in, for
 * the attempt scan (scanAttempts' `keyOf`): activityStats finds them by it.
 */
export function activityKeys(data: ClassData): (userId: string, activityId: string) => string {
  const titles = new SeenTitles(data);
  const byId = new Map(data.learners.map((l) => [l.userId, l] as const));
  return (userId, activityId) => {
    const l = byId.get(userId);
    return l?.record ? titles.keyFor(l.record.sequenceId, l.compiled, activityId) : rowKey('', activityId, null);
  };
}

interface Row {
  stats: ActivityStats;
  compiled: CompiledSequence | null;
  versions: Set<number>;
}

/** `scan` must have been made with activityKeys(data) as its keyOf. */
export function activityStats(data: ClassData, scan: AttemptScan, lastActive: Map<string, number | null>, policy: SignalPolicy, now: number): ActivityStats[] {
  const titles = new SeenTitles(data);
  const several = new Set(data.inUse.map((v) => v.sequenceId)).size > 1;
  const sequenceTitle = (sequenceId: string) => (several ? (data.inUse.find((v) => v.sequenceId === sequenceId)?.label.replace(/ v\d+$/, '') ?? sequenceId) : null);

  const rows = new Map<string, Row>();
  const row = (key: string, sequenceId: string, id: string, seen: { activity: Activity; compiled: CompiledSequence } | undefined): Row => {
    let r = rows.get(key);
    if (r === undefined) {
      r = { stats: blank(sequenceId, sequenceTitle(sequenceId), id, seen?.activity), compiled: seen?.compiled ?? null, versions: new Set() };
      rows.set(key, r);
    }
    return r;
  };
  const learnerRow = (sequenceId: string, compiled: CompiledSequence | null, id: string) => {
    const seen = titles.seen(sequenceId, compiled, id);
    return row(rowKey(sequenceId, id, seen?.activity.title ?? null), sequenceId, id, seen);
  };

  // Rows for every activity of the versions learners are on, under each version's title; then the placed
  // version's activities no learner's version has (nobody reached them yet), under its titles.
  const order = new Map<string, number>();
  const place = (sequenceId: string, compiled: CompiledSequence | null) => {
    for (const a of compiled?.doc.activities ?? []) {
      const at = `${sequenceId}${SEP}${a.id}`;
      if (!order.has(at)) order.set(at, order.size);
    }
  };
  if (data.placement !== null) place(data.placement.sequenceId, data.latest);
  for (const l of data.learners) if (l.record !== null) place(l.record.sequenceId, l.compiled);
  const covered = new Set<string>();
  for (const l of data.learners) {
    if (l.record === null || l.compiled === null) continue;
    for (const a of l.compiled.doc.activities) {
      learnerRow(l.record.sequenceId, l.compiled, a.id).versions.add(l.record.version);
      covered.add(`${l.record.sequenceId}${SEP}${a.id}`);
    }
  }
  if (data.placement !== null && data.latest !== null) {
    const sequenceId = data.placement.sequenceId;
    for (const a of data.latest.doc.activities) {
      if (covered.has(`${sequenceId}${SEP}${a.id}`)) continue;
      const r = row(rowKey(sequenceId, a.id, a.title), sequenceId, a.id, { activity: a, compiled: data.latest });
      if (data.latestVersion !== null) r.versions.add(data.latestVersion);
    }
  }

  const time = new Map<ActivityStats, { s: ActivityStats; seconds: number; learners: number }>();
  for (const l of data.learners) {
    if (l.state === null || l.record === null) continue;
    const sequenceId = l.record.sequenceId;
    const on = (id: string) => learnerRow(sequenceId, l.compiled, id).stats;
    addStateFigures(l.state, on, time);
    const here = l.state.currentActivity;
    if (here === null) continue;
    const completed = l.state.completed;
    if (completed !== null) {
      if (completed.reason === 'stalled' || completed.reason === 'guardMaxSteps') on(here).stoppedHere += 1;
      continue;
    }
    const last = lastActive.get(l.userId) ?? null;
    if (last !== null && now - last >= policy.inactiveDays * 86_400_000) on(here).leftHere += 1;
    else on(here).currentlyHere += 1;
  }
  for (const t of time.values()) t.s.averageSeconds = t.learners === 0 ? null : t.seconds / t.learners;
  for (const [key, q] of scan.byQuestion) {
    const [sequenceId = '', id = ''] = key.split(SEP);
    const r = rows.get(key) ?? row(key, sequenceId, id, undefined);
    addAnswers(r.stats, q, r.compiled ?? data.latest);
  }
  return ordered([...rows.values()], order);
}

/** Document order (the placed version's first); an activity's rows oldest version first; activities no version in use has last. */
function ordered(rows: Row[], order: Map<string, number>): ActivityStats[] {
  const at = (r: Row) => order.get(`${r.stats.sequenceId}${SEP}${r.stats.id}`) ?? order.size;
  const first = (r: Row) => Math.min(...r.versions, Number.MAX_SAFE_INTEGER);
  const perActivity = new Map<string, Row[]>();
  for (const r of rows) {
    const key = `${r.stats.sequenceId}${SEP}${r.stats.id}`;
    perActivity.set(key, [...(perActivity.get(key) ?? []), r]);
  }
  for (const same of perActivity.values()) {
    if (same.length < 2) continue;
    for (const r of same) {
      if (r.versions.size === 0) continue;
      const names = [...r.versions].sort((a, b) => a - b).map((v) => `v${v}`);
      r.stats.versionNote = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
      r.stats.label = labelWith(r.stats.title, ` · ${r.stats.versionNote}`);
    }
  }
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => at(a.r) - at(b.r) || first(a.r) - first(b.r) || a.i - b.i)
    .map(({ r }) => r.stats);
}

function blank(sequenceId: string, sequenceTitle: string | null, id: string, activity: Activity | undefined): ActivityStats {
  return {
    id,
    sequenceId,
    sequenceTitle,
    title: activity?.title ?? id,
    versionNote: null,
    label: activity?.title ?? id,
    kindLabel: activity === undefined ? 'Activity (no longer in the sequence)' : KIND_LABELS[activity.kind],
    isQuestion: activity !== undefined && isQuestion(activity),
    reached: 0,
    answers: 0,
    blanks: 0,
    answeredBy: 0,
    firstTryShare: null,
    wrongAnswers: [],
    otherWrong: 0,
    misconceptions: [],
    averageSeconds: null,
    hintsRevealed: 0,
    learnersWithHints: 0,
    currentlyHere: 0,
    leftHere: 0,
    stoppedHere: 0,
  };
}

function addStateFigures(state: LearnerState, entry: (id: string) => ActivityStats, time: Map<ActivityStats, { s: ActivityStats; seconds: number; learners: number }>): void {
  for (const [id, visits] of Object.entries(state.visits)) if (visits > 0) entry(id).reached += 1;
  for (const [id, seconds] of Object.entries(state.timeOnTask.byActivity)) {
    if (!(seconds > 0)) continue;
    const s = entry(id);
    const t = time.get(s) ?? { s, seconds: 0, learners: 0 };
    t.seconds += seconds;
    t.learners += 1;
    time.set(s, t);
  }
  const hinted = new Set<string>();
  for (const h of state.history) {
    if (h.type !== 'hint') continue;
    entry(h.activityId).hintsRevealed += 1;
    hinted.add(h.activityId);
  }
  for (const id of hinted) entry(id).learnersWithHints += 1;
}

function addAnswers(s: ActivityStats, q: QuestionAttempts, compiled: CompiledSequence | null): void {
  s.answers = q.answers;
  s.blanks = q.blanks;
  s.answeredBy = q.learners.size;
  s.firstTryShare = q.learners.size === 0 ? null : q.firstTryCorrect / q.learners.size;
  s.wrongAnswers = [...q.wrong.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)).slice(0, TOP_WRONG);
  s.otherWrong = q.otherWrong;
  s.misconceptions = [...q.misconceptions.entries()]
    .map(([id, count]) => ({ title: compiled?.misconceptionById.get(id)?.title ?? id, count }))
    .sort((a, b) => b.count - a.count || a.title.localeCompare(b.title));
}
