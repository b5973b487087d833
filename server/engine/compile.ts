/**
 * compileSequence: turns a validated sequence document into the structure every
 * engine call reads. All per-document work happens here, once: defaults from
 * the schema, id lookups, the rule order, conditions and actions as closures,
 * answer patterns as RegExps.
 *
 * It assumes a document that passed server/content/validate.ts, yet refuses
 * (EngineError 'invalid-sequence') anything that would make a decision crash
 * or dangle: a missing or second default rule, duplicate ids, references to
 * unknown activities or objectives, a bad pattern. The linter reports the same
 * problems earlier and with JSON pointers.
 */
import { compileAction } from './actions.js';
import { compileTextMatcher, type TextMatcher } from './answers.js';
import { bkt } from './bkt.js';
import type { CompiledObjective, CompiledRule, CompiledSequence } from './compiled.js';
import { compileCondition } from './conditions.js';
import { DEFAULTS } from './defaults.js';
import { EngineError } from './errors.js';
import { settleLevel, type LearnerModel } from './learner-model.js';
import { activityModality } from './modality.js';
import type { RuleOutcome, TraceEntry } from './steps.js';
import { isConditionalRule, type Action, type Activity, type Misconception, type Modality, type Objective, type SequenceDoc } from './types.js';

export interface CompileOptions {
  /** The learner model; Bayesian Knowledge Tracing by default. */
  readonly model?: LearnerModel;
}

function invalid(message: string): EngineError {
  return new EngineError('invalid-sequence', message);
}

function indexById<T extends { id: string }>(items: readonly T[], what: string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    if (map.has(item.id)) throw invalid(`duplicate ${what} id '${item.id}'`);
    map.set(item.id, item);
  }
  return map;
}

export function compileSequence(doc: SequenceDoc, options: CompileOptions = {}): CompiledSequence {
  const objectives = doc.objectives.map(compileObjective);
  const objectiveById = indexById(objectives, 'objective');
  const activityById = indexById<Activity>(doc.activities, 'activity');
  const misconceptionById = indexById<Misconception>(doc.misconceptions ?? [], 'misconception');

  const activity = (id: string, where: string): Activity => {
    const found = activityById.get(id);
    if (found === undefined) throw invalid(`${where} refers to unknown activity '${id}'`);
    return found;
  };
  const objective = (id: string, where: string): void => {
    if (!objectiveById.has(id)) throw invalid(`${where} refers to unknown objective '${id}'`);
  };

  const activitiesByObjective = new Map<string, string[]>(objectives.map((o) => [o.id, []]));
  const modalityOf = new Map<string, Modality>();
  const textMatchers = new Map<string, TextMatcher>();
  for (const a of doc.activities) {
    for (const id of a.objectives ?? []) {
      objective(id, `activity '${a.id}'`);
      activitiesByObjective.get(id)?.push(a.id);
    }
    modalityOf.set(a.id, activityModality(a));
    if (a.kind === 'diagnostic') for (const q of a.questions) activity(q, `diagnostic '${a.id}'`);
    if (a.kind === 'shortText') {
      try {
        textMatchers.set(a.id, compileTextMatcher(a));
      } catch (error) {
        throw invalid(`question '${a.id}' has an invalid pattern: ${(error as Error).message}`);
      }
    }
  }

  const start = { survey: doc.start?.survey ?? null, diagnostic: doc.start?.diagnostic ?? null };
  if (start.survey !== null && activity(start.survey, 'start.survey').kind !== 'survey') throw invalid('start.survey must be a survey');
  if (start.diagnostic !== null && activity(start.diagnostic, 'start.diagnostic').kind !== 'diagnostic') {
    throw invalid('start.diagnostic must be a diagnostic');
  }

  const guard = {
    maxSteps: doc.guard?.maxSteps ?? DEFAULTS.guardMaxSteps,
    maxRevisits: doc.guard?.maxRevisits ?? DEFAULTS.guardMaxRevisits,
  };

  const checkAction = (action: Action, where: string): void => {
    switch (action.type) {
      case 'goTo':
        activity(action.activity, where);
        break;
      case 'offerChoice':
        for (const id of action.options) activity(id, where);
        break;
      case 'pickFromPool':
        if ((action.objective === undefined) === (action.pool === undefined)) throw invalid(`${where}: give exactly one of objective or pool`);
        if (action.objective !== undefined) objective(action.objective, where);
        for (const id of action.pool ?? []) activity(id, where);
        break;
      case 'review':
        objective(action.objective, where);
        break;
      case 'showFeedback':
        if (action.then !== undefined) checkAction(action.then, where);
        break;
      case 'complete':
        break;
    }
  };

  const defaults = doc.rules.filter((r) => !isConditionalRule(r));
  if (defaults.length !== 1) throw invalid(`exactly one default rule is required, found ${defaults.length}`);
  indexById(doc.rules, 'rule');
  const ordered = [...doc.rules].sort((a, b) => priorityOf(b) - priorityOf(a));
  const rules: CompiledRule[] = ordered.map((rule) => {
    const where = `rule '${rule.id}'`;
    checkAction(rule.then, where);
    const { run, random } = compileAction(rule.then, {
      ruleId: rule.id,
      why: rule.description ?? '',
      activityById,
      activitiesByObjective,
      modalityOf,
      maxRevisits: guard.maxRevisits,
    });
    return {
      id: rule.id,
      priority: priorityOf(rule),
      isDefault: !isConditionalRule(rule),
      when: isConditionalRule(rule) ? compileCondition(rule.when) : null,
      action: run,
      random,
      feedbackOnly: rule.then.type === 'showFeedback' && rule.then.then === undefined,
      trace: traceEntries(rule.id),
    };
  });

  const requiredObjectives = doc.completion?.objectives ?? objectives.map((o) => o.id);
  for (const id of requiredObjectives) objective(id, 'completion.objectives');

  const model = options.model ?? bkt;
  return {
    doc,
    id: doc.id,
    model,
    objectives,
    objectiveById,
    activityById,
    activitiesByObjective,
    modalityOf,
    misconceptionById,
    textMatchers,
    rules,
    start,
    completion: {
      allObjectivesMastered: doc.completion?.allObjectivesMastered ?? DEFAULTS.allObjectivesMastered,
      objectives: requiredObjectives,
      maxSteps: doc.completion?.maxSteps ?? null,
    },
    guard,
    grading: doc.grading?.method ?? DEFAULTS.gradingMethod,
    settleLevels: new Map(objectives.map((o) => [o.id, settleLevel(model, o)])),
  };
}

/** An objective with the schema's defaults filled in; the linter reads the same numbers the learner model will. */
export function compileObjective(o: Objective): CompiledObjective {
  return {
    id: o.id,
    title: o.title,
    threshold: o.masteryThreshold ?? DEFAULTS.masteryThreshold,
    bkt: {
      prior: o.bkt?.prior ?? DEFAULTS.bkt.prior,
      learn: o.bkt?.learn ?? DEFAULTS.bkt.learn,
      guess: o.bkt?.guess ?? DEFAULTS.bkt.guess,
      slip: o.bkt?.slip ?? DEFAULTS.bkt.slip,
    },
  };
}

/** Array.prototype.sort is stable, so equal priorities keep document order. */
function priorityOf(rule: SequenceDoc['rules'][number]): number {
  return isConditionalRule(rule) ? rule.priority : -Infinity;
}

export function traceEntries(ruleId: string): Readonly<Record<RuleOutcome, TraceEntry>> {
  const entry = (outcome: RuleOutcome): TraceEntry => Object.freeze({ ruleId, outcome });
  return Object.freeze({ noMatch: entry('noMatch'), fired: entry('fired'), unavailable: entry('unavailable'), guarded: entry('guarded') });
}
