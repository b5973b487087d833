/**
 * Per activity: how the class fared on it. Attempts, first-try success and
 * the common wrong answers come from the attempt scan; reach, time, hints
 * and where paths end come from the learners' states.
 */
import { isQuestion, type Activity, type CompiledSequence, type LearnerState } from '../engine/index.js';
import { questionKey, type AttemptScan, type QuestionAttempts } from './attempt-scan.js';
import type { ClassData } from './class-data.js';
import type { SignalPolicy } from './signals.js';

export interface ActivityStats {
  id: string;
  /** The sequence it belongs to: activity ids are only unique within one. */
  sequenceId: string;
  /** Its sequence's title when the link's learners are on more than one sequence, else null. */
  sequenceTitle: string | null;
  title: string;
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

export function activityStats(data: ClassData, scan: AttemptScan, lastActive: Map<string, number | null>, policy: SignalPolicy, now: number): ActivityStats[] {
  const stats = new Map<string, ActivityStats>();
  const titleSource = new Map<string, { sequenceId: string; activity: Activity; compiled: CompiledSequence }>();
  const remember = (sequenceId: string, compiled: CompiledSequence | null) => {
    if (compiled === null) return;
    for (const activity of compiled.doc.activities) {
      const key = questionKey(sequenceId, activity.id);
      if (!titleSource.has(key)) titleSource.set(key, { sequenceId, activity, compiled });
    }
  };
  if (data.placement !== null) remember(data.placement.sequenceId, data.latest);
  for (const l of data.learners) if (l.record !== null) remember(l.record.sequenceId, l.compiled);
  const several = new Set(data.inUse.map((v) => v.sequenceId)).size > 1;
  const sequenceTitle = (sequenceId: string) => (several ? (data.inUse.find((v) => v.sequenceId === sequenceId)?.label.replace(/ v\d+$/, '') ?? sequenceId) : null);

  const entry = (sequenceId: string, id: string): ActivityStats => {
    const key = questionKey(sequenceId, id);
    let s = stats.get(key);
    if (s === undefined) {
      s = blank(sequenceId, sequenceTitle(sequenceId), id, titleSource.get(key)?.activity);
      stats.set(key, s);
    }
    return s;
  };
  // Document order of the latest version first; activities only older versions (or other sequences) have follow.
  for (const { sequenceId, activity } of titleSource.values()) entry(sequenceId, activity.id);

  const time = new Map<ActivityStats, { s: ActivityStats; seconds: number; learners: number }>();
  for (const l of data.learners) {
    if (l.state === null || l.record === null) continue;
    const on = (id: string) => entry(l.record?.sequenceId ?? '', id);
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
    const [sequenceId = '', id = ''] = key.split('\u0000');
    addAnswers(entry(sequenceId, id), q, titleSource.get(key)?.compiled ?? data.latest);
  }
  return [...stats.values()];
}

function blank(sequenceId: string, sequenceTitle: string | null, id: string, activity: Activity | undefined): ActivityStats {
  return {
    id,
    sequenceId,
    sequenceTitle,
    title: activity?.title ?? id,
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
