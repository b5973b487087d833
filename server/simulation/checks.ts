/**
 * A trial run before publishing: a hundred simulated learners through the
 * draft, and what went wrong for them as warnings in the lint's format, so
 * the publish check lists them with the others and the designer confirms them
 * the same way. The lint reads rules one by one; this sees what they do
 * together, e.g. a rule the lint cannot prove lasting that still sends learners
 * back to the same question step after step.
 *
 * Findings:
 *  - simulated-loop (at the rule): a rule sent learners straight back to the
 *    activity they had just done, or the loop guard had to refuse it again and
 *    again (on average at least twice for each learner it refused it for), for
 *    at least LOOP_MIN_SHARE of the learners;
 *  - simulated-stalls: at least STALL_MIN_SHARE of the learners ended stalled
 *    (no rule could give them a step);
 *  - simulated-step-cap: at least STEP_CAP_MIN_SHARE were still going when the
 *    loop guard's step cap ended their path.
 * The thresholds sit well above what the shipped samples and the blank
 * template show (no repeats, refusals or step-cap endings; the blank template
 * stalls about 40% of its learners once its five questions are used up).
 *
 * Deterministic (a fixed population, as simulate()) and bounded: learners are
 * added until CHECK_LEARNERS or STEP_BUDGET steps in all, whichever comes first,
 * so a draft with a huge step cap cannot hold the request for long. It runs on
 * the request's thread: about 0.1 s for the samples, at most a few tenths of a
 * second, once per publish check, where a worker would cost more to start.
 */
import { compileSequence, DEFAULTS, type SequenceDoc } from '../engine/index.js';
import { pointer, type Issue } from '../content/issues.js';
import { runLearner } from './learner.js';
import { drawLearner } from './population.js';
import { DEFAULT_SEED, type LearnerOutcome } from './types.js';

export const CHECK_LEARNERS = 100;
/** Steps in all: the samples take about 1,500; a draft whose rules go round to a large step cap stops at this (a few hundred ms). */
export const STEP_BUDGET = 6_000;
export const LOOP_MIN_SHARE = 0.05;
/** Refusals per learner refused, on average, that show the rule kept coming back rather than being refused once at the end. */
export const LOOP_MIN_REFUSALS_PER_LEARNER = 2;
export const STALL_MIN_SHARE = 0.5;
export const STEP_CAP_MIN_SHARE = 0.1;

export interface SimulationCheckOptions {
  readonly learners?: number;
  readonly seed?: number;
  readonly stepBudget?: number;
}

/** The outcomes of the trial run. */
export function trialRun(doc: SequenceDoc, options: SimulationCheckOptions = {}): LearnerOutcome[] {
  const compiled = compileSequence(doc);
  const learners = options.learners ?? CHECK_LEARNERS;
  const seed = (options.seed ?? DEFAULT_SEED) >>> 0;
  const budget = options.stepBudget ?? STEP_BUDGET;
  const outcomes: LearnerOutcome[] = [];
  let steps = 0;
  for (let i = 0; i < learners && steps < budget; i++) {
    const outcome = runLearner(compiled, drawLearner(compiled, seed, i));
    outcomes.push(outcome);
    steps += outcome.steps;
  }
  return outcomes;
}

/** Warnings from a trial run of a valid document (the caller has checked it has no errors). */
export function simulationIssues(doc: SequenceDoc, options: SimulationCheckOptions = {}): Issue[] {
  return findings(doc, trialRun(doc, options));
}

interface RuleFigures {
  /** Learners the rule sent straight back to the activity they had just done. */
  repeaters: number;
  /** Most times in a row one learner was shown the same activity by it. */
  longestRun: number;
  /** Times each activity was repeated by it, to name the one it repeats most. */
  repeated: Map<string, number>;
  refusals: number;
  refused: number;
}

const count = (n: number) => n.toLocaleString('en-US');
const percent = (part: number, whole: number) => `${Math.round((100 * part) / whole)}%`;
const learnersWord = (n: number) => `${count(n)} ${n === 1 ? 'learner' : 'learners'}`;

function figuresByRule(outcomes: readonly LearnerOutcome[]): Map<string, RuleFigures> {
  const byRule = new Map<string, RuleFigures>();
  const of = (ruleId: string) => {
    let figures = byRule.get(ruleId);
    if (figures === undefined) {
      figures = { repeaters: 0, longestRun: 0, repeated: new Map(), refusals: 0, refused: 0 };
      byRule.set(ruleId, figures);
    }
    return figures;
  };
  for (const o of outcomes) {
    const repeatedBy = new Set<string>();
    let run = 1;
    for (let k = 1; k < o.path.length; k++) {
      const id = o.path[k];
      const ruleId = o.rules[k];
      if (id === undefined || ruleId === undefined || id !== o.path[k - 1]) {
        run = 1;
        continue;
      }
      run++;
      const figures = of(ruleId);
      figures.repeated.set(id, (figures.repeated.get(id) ?? 0) + 1);
      figures.longestRun = Math.max(figures.longestRun, run);
      repeatedBy.add(ruleId);
    }
    for (const ruleId of repeatedBy) of(ruleId).repeaters++;
    for (const ruleId of new Set(o.guardRefusals)) of(ruleId).refused++;
    for (const ruleId of o.guardRefusals) of(ruleId).refusals++;
  }
  return byRule;
}

/** The activity to name for a rule: the one it repeated most, else its one goTo target, else the one it showed most. */
function activityOf(doc: SequenceDoc, ruleId: string, figures: RuleFigures, outcomes: readonly LearnerOutcome[]): string | null {
  const top = (counts: Map<string, number>) => [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
  const repeated = top(figures.repeated);
  if (repeated !== null) return repeated;
  const action = doc.rules.find((r) => r.id === ruleId)?.then;
  const then = action?.type === 'showFeedback' ? action.then : action;
  if (then?.type === 'goTo') return then.activity;
  const shown = new Map<string, number>();
  for (const o of outcomes) o.rules.forEach((r, k) => r === ruleId && o.path[k] !== undefined && shown.set(o.path[k]!, (shown.get(o.path[k]!) ?? 0) + 1));
  return top(shown);
}

export function findings(doc: SequenceDoc, outcomes: readonly LearnerOutcome[]): Issue[] {
  const total = outcomes.length;
  if (total === 0) return [];
  const issues: Issue[] = [];
  // Lowercase, as the lint's messages: the studio shows them after their place ("Rule “x”: …") or capitalises them.
  const trial = `in a trial run with ${count(total)} simulated ${total === 1 ? 'learner' : 'learners'}`;
  const title = (id: string) => doc.activities.find((a) => a.id === id)?.title ?? id;
  const named = (id: string) => `'${id}' (“${title(id)}”)`;
  const minLearners = Math.max(2, Math.ceil(LOOP_MIN_SHARE * total));

  const byRule = figuresByRule(outcomes);
  doc.rules.forEach((rule, index) => {
    const figures = byRule.get(rule.id);
    if (figures === undefined) return;
    const repeats = figures.repeaters >= minLearners;
    const refusedAgain = figures.refused >= minLearners && figures.refusals >= LOOP_MIN_REFUSALS_PER_LEARNER * figures.refused;
    if (!repeats && !refusedAgain) return;
    const activity = activityOf(doc, rule.id, figures, outcomes);
    const parts: string[] = [];
    if (figures.repeaters > 0 && activity !== null) {
      const inARow = figures.longestRun > 2 ? ` (up to ${count(figures.longestRun)} times in a row)` : '';
      parts.push(`rule '${rule.id}' sent ${learnersWord(figures.repeaters)} straight back to ${named(activity)} right after they had done it${inARow}`);
    }
    if (figures.refusals > 0) {
      const subject = parts.length === 0 ? `the loop guard refused rule '${rule.id}'` : 'the loop guard refused it';
      parts.push(`${subject} ${count(figures.refusals)} ${figures.refusals === 1 ? 'time' : 'times'} for ${learnersWord(figures.refused)}`);
    }
    const seen = activity === null ? 'the same activities' : `“${title(activity)}”`;
    const advice =
      'default' in rule && rule.default === true
        ? 'The default rule decides whenever no other rule applies, so it must lead somewhere that changes (a review, a pool) or complete'
        : 'Its condition still held after its own step: tie it to the moment it is meant for (a currentActivity condition, or its activity not visited yet)';
    issues.push({
      severity: 'warning',
      path: pointer('', 'rules', index),
      code: 'simulated-loop',
      message: `${trial}, ${parts.join(', and ')}: learners see ${seen} over and over. ${advice}. Simulate shows their paths.`,
    });
  });

  const stalled = outcomes.filter((o) => o.ending === 'stalled');
  if (stalled.length >= STALL_MIN_SHARE * total) {
    const where = new Map<string, number>();
    for (const o of stalled) {
      const last = o.path[o.path.length - 1];
      if (last !== undefined) where.set(last, (where.get(last) ?? 0) + 1);
    }
    const [lastId, atLast] = [...where].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] ?? [null, 0];
    const most = lastId === null ? '' : `, ${count(atLast)} of them after ${named(lastId)}`;
    issues.push({
      severity: 'warning',
      path: '',
      code: 'simulated-stalls',
      message: `${trial}, ${count(stalled.length)} (${percent(stalled.length, total)}) ended stalled: no rule could give them a next step${most}. Make sure some rule can always lead on (a default rule that completes always can). Simulate shows where.`,
    });
  }

  const capped = outcomes.filter((o) => o.ending === 'guardMaxSteps');
  if (capped.length >= STEP_CAP_MIN_SHARE * total) {
    const maxSteps = doc.guard?.maxSteps;
    issues.push({
      severity: 'warning',
      path: maxSteps === undefined ? '' : pointer('', 'guard', 'maxSteps'),
      code: 'simulated-step-cap',
      message: `${trial}, ${count(capped.length)} (${percent(capped.length, total)}) were still going when the loop guard's cap of ${count(maxSteps ?? DEFAULTS.guardMaxSteps)} steps ended their path: the rules keep them going round. Simulate shows their paths.`,
    });
  }
  return issues;
}
