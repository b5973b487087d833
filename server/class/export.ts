/**
 * The two CSV exports: the class overview (one row per learner, the same
 * rows the page shows) and every attempt (one row per attempt, streamed from
 * the store's cursor, so a large class is never held in memory).
 */
import { markdownText } from '../delivery/markdown.js';
import type { CompiledSequence } from '../engine/index.js';
import type { Attempt } from '../store/types.js';
import { activityTitle, describeResponse, diagnosticItemResponse, readOutcome, warmUpMisconception } from './attempt-view.js';
import type { Cell } from './csv.js';
import { iso, percent } from './format.js';
import { STATUS_LABELS, type Overview } from './overview.js';
import { FLAG_LABELS } from './signals.js';

/** Shares as percentages with one decimal: what a spreadsheet user sums and sorts. */
const pct = (share: number | null): Cell => (share === null ? null : Math.round(share * 1000) / 10);

export function overviewRows(overview: Overview): Array<readonly Cell[]> {
  const header: Cell[] = [
    'Learner',
    'User ID',
    'Email',
    'On LMS roster',
    'Status',
    // Counts, as the page gives progress: the LMS's progress share reads 0 for a learner at work and 100 for any finish.
    'Objectives mastered',
    'Objectives required',
    'Steps taken',
    'Score (%)',
    // The estimate, as on the page; whether it was mastered (sticky) beside it, as the page's ✓.
    ...overview.objectives.flatMap((o) => [`Mastery: ${o.title} (%)`, `Mastered: ${o.title}`]),
    'Time on task (min)',
    'Last active (UTC)',
    'Sequence version',
    'Answers',
    'Grade sync',
    'Grade sync reason',
    'Needs help',
  ];
  const rows = overview.rows.map((r): Cell[] => [
    r.name,
    r.userId,
    r.email,
    r.onRoster,
    [STATUS_LABELS[r.status], ...r.notes].join('; '),
    r.progress?.mastered ?? null,
    r.progress?.required ?? null,
    r.progress?.steps ?? null,
    pct(r.score),
    ...r.mastery.flatMap((m) => [pct(m.value), m.value === null ? null : m.mastered]),
    // Empty, as on the page ('—'), when nothing was recorded: a 0 would pull a spreadsheet's averages down.
    r.timeOnTaskSeconds > 0 ? Math.round((r.timeOnTaskSeconds / 60) * 10) / 10 : null,
    r.lastActive === null ? null : iso(r.lastActive),
    r.on,
    r.answers,
    r.grade.label,
    r.grade.reason,
    r.flags.map((f) => `${FLAG_LABELS[f.kind]}: ${f.reason}`).join(' | '),
  ]);
  return [header, ...rows];
}

export const ATTEMPT_HEADER: readonly Cell[] = [
  'Attempt ID',
  'Time (UTC)',
  'User ID',
  'Learner',
  'Activity ID',
  'Activity',
  'Attempt in visit',
  'Correct',
  'Answer',
  'Misconception',
  'Feedback shown',
  'Rule that chose the step',
  'Mastery after',
];

/** A warm-up question left blank, in brackets as no learner's typed text would be. */
export const BLANK = '(left blank)';

export interface AttemptLookup {
  name(userId: string): string;
  compiled(userId: string): CompiledSequence | null;
}

/** Header, then one row per attempt as the cursor yields it. */
export async function* attemptRows(attempts: AsyncIterable<Attempt>, lookup: AttemptLookup): AsyncGenerator<readonly Cell[]> {
  yield ATTEMPT_HEADER;
  for await (const a of attempts) yield attemptRow(a, lookup);
}

export function attemptRow(a: Attempt, lookup: AttemptLookup): Cell[] {
  const compiled = lookup.compiled(a.userId);
  const outcome = readOutcome(a);
  const objective = (id: string) => compiled?.objectiveById.get(id)?.title ?? id;
  // The estimate after the attempt, and "(mastered)" once the objective is, as the learner's story says it.
  const masteryAfter = outcome.kind === 'unknown' ? null : outcome.mastery.map((m) => `${objective(m.objectiveId)}: ${percent(m.after)}${m.mastered ? ' (mastered)' : ''}`).join('; ');
  let answer: string;
  if (outcome.kind === 'diagnostic') {
    const given = (i: (typeof outcome.items)[number]) =>
      i.answered ? describeResponse(compiled?.activityById.get(i.questionId), diagnosticItemResponse(a.response, i.questionId)).text : BLANK;
    answer = outcome.items.map((i) => `${activityTitle(compiled, i.questionId)}: ${given(i)}`).join('; ');
  } else {
    answer = describeResponse(compiled?.activityById.get(a.activityId), a.response).text;
  }
  const answerOutcome = outcome.kind === 'answer' ? outcome : null;
  const misconceptionTitle = (id: string) => compiled?.misconceptionById.get(id)?.title ?? id;
  let misconceptions: string | null = null;
  if (answerOutcome?.misconception) misconceptions = misconceptionTitle(answerOutcome.misconception);
  else if (outcome.kind === 'diagnostic') {
    // A warm-up's row holds several answers: each misconception is named with its question, as in the Answer cell.
    const named = outcome.items.flatMap((i) => {
      const id = i.correct || !i.answered ? null : warmUpMisconception(compiled, i.questionId, diagnosticItemResponse(a.response, i.questionId));
      return id === null ? [] : [`${activityTitle(compiled, i.questionId)}: ${misconceptionTitle(id)}`];
    });
    misconceptions = named.length === 0 ? null : named.join('; ');
  }
  return [
    a.id,
    iso(a.createdAt),
    a.userId,
    lookup.name(a.userId),
    a.activityId,
    activityTitle(compiled, a.activityId),
    answerOutcome?.attemptNumber ?? null,
    a.correct,
    answer,
    misconceptions,
    answerOutcome?.feedback.map(markdownText).join(' / ') ?? null,
    answerOutcome?.ruleId ?? null,
    masteryAfter,
  ];
}
