/**
 * Per activity: how the class fared on it. Attempts, first-try success and
 * the common wrong answers come from the attempt scan; reach, time, hints
 * and where paths end come from the learners' states.
 */
import { isQuestion, type Activity, type CompiledSequence, type LearnerState } from '../engine/index.js';
import type { AttemptScan, QuestionAttempts } from './attempt-scan.js';
import type { ClassData } from './class-data.js';
import type { SignalPolicy } from './signals.js';

export interface ActivityStats {
  id: string;
  title: string;
  kindLabel: string;
  isQuestion: boolean;
  /** Learners who were shown it at least once. */
  reached: number;
  attempts: number;
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
  const titleSource = new Map<string, { activity: Activity; compiled: CompiledSequence }>();
  const remember = (compiled: CompiledSequence | null) => {
    if (compiled === null) return;
    for (const activity of compiled.doc.activities) if (!titleSource.has(activity.id)) titleSource.set(activity.id, { activity, compiled });
  };
  remember(data.latest);
  for (const l of data.learners) remember(l.compiled);

  const entry = (id: string): ActivityStats => {
    let s = stats.get(id);
    if (s === undefined) {
      const activity = titleSource.get(id)?.activity;
      s = blank(id, activity);
      stats.set(id, s);
    }
    return s;
  };
  // Document order of the latest version first; activities only older versions have follow.
  for (const id of titleSource.keys()) entry(id);

  const time = new Map<string, { seconds: number; learners: number }>();
  for (const l of data.learners) {
    if (l.state === null) continue;
    addStateFigures(l.state, entry, time);
    const here = l.state.currentActivity;
    if (here === null) continue;
    const completed = l.state.completed;
    if (completed !== null) {
      if (completed.reason === 'stalled' || completed.reason === 'guardMaxSteps') entry(here).stoppedHere += 1;
      continue;
    }
    const last = lastActive.get(l.userId) ?? null;
    if (last !== null && now - last >= policy.inactiveDays * 86_400_000) entry(here).leftHere += 1;
    else entry(here).currentlyHere += 1;
  }
  for (const [id, t] of time) entry(id).averageSeconds = t.learners === 0 ? null : t.seconds / t.learners;
  for (const [id, q] of scan.byQuestion) addAnswers(entry(id), q, titleSource.get(id)?.compiled ?? data.latest);
  return [...stats.values()];
}

function blank(id: string, activity: Activity | undefined): ActivityStats {
  return {
    id,
    title: activity?.title ?? id,
    kindLabel: activity === undefined ? 'Activity (no longer in the sequence)' : KIND_LABELS[activity.kind],
    isQuestion: activity !== undefined && isQuestion(activity),
    reached: 0,
    attempts: 0,
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

function addStateFigures(state: LearnerState, entry: (id: string) => ActivityStats, time: Map<string, { seconds: number; learners: number }>): void {
  for (const [id, visits] of Object.entries(state.visits)) if (visits > 0) entry(id).reached += 1;
  for (const [id, seconds] of Object.entries(state.timeOnTask.byActivity)) {
    if (!(seconds > 0)) continue;
    const t = time.get(id) ?? { seconds: 0, learners: 0 };
    t.seconds += seconds;
    t.learners += 1;
    time.set(id, t);
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
  s.attempts = q.attempts;
  s.answeredBy = q.learners.size;
  s.firstTryShare = q.learners.size === 0 ? null : q.firstTryCorrect / q.learners.size;
  s.wrongAnswers = [...q.wrong.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)).slice(0, TOP_WRONG);
  s.otherWrong = q.otherWrong;
  s.misconceptions = [...q.misconceptions.entries()]
    .map(([id, count]) => ({ title: compiled?.misconceptionById.get(id)?.title ?? id, count }))
    .sort((a, b) => b.count - a.count || a.title.localeCompare(b.title));
}
