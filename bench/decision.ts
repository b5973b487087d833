/**
 * Decision cost over a 20-rule sequence (19 conditional rules and a default),
 * three ways:
 *   engine             decide() on the compiled sequence (what the player calls)
 *   json-rules-engine  the same rules run by json-rules-engine (baseline)
 *   plain closure      the same rules hand-written as one function (floor)
 * The state makes the 17th rule the first to match, so nearly every condition is
 * evaluated. Prints a table; runDecisionBench() returns the figures. Timings are
 * informative, not asserted: they depend on the machine.
 *
 *   npx tsx bench/decision.ts
 */
import { pathToFileURL } from 'node:url';
import { Engine, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import { compileSequence, decide, startLearner, type Condition, type LearnerState, type Rule, type SequenceDoc } from '../server/engine/index.js';

const OBJECTIVES = ['o1', 'o2', 'o3', 'o4'];
const ACTIVITIES = Array.from({ length: 24 }, (_, i) => `a${i}`);

function ruleConditions(i: number): Condition {
  const objective = OBJECTIVES[i % OBJECTIVES.length] ?? 'o1';
  const activity = ACTIVITIES[i] ?? 'a0';
  switch (i % 4) {
    case 0:
      return {
        all: [
          { fact: 'mastery', path: objective, operator: 'greaterThanInclusive', value: 0.9 },
          { fact: 'visited', operator: 'doesNotContain', value: activity },
        ],
      };
    case 1:
      return {
        all: [
          { fact: 'lastResponse', path: 'misconception', operator: 'equal', value: `m${i}` },
          { fact: 'profile', path: 'modality', operator: 'in', value: ['video', 'visual'] },
        ],
      };
    case 2:
      return {
        any: [
          { fact: 'streak', path: 'incorrect', operator: 'greaterThanInclusive', value: 3 + i },
          { all: [{ fact: 'stepCount', operator: 'greaterThan', value: 50 + i }, { fact: 'mastered', operator: 'contains', value: objective }] },
        ],
      };
    default:
      return {
        all: [
          { fact: 'diagnostic', path: objective, operator: 'lessThan', value: 0.1 },
          { not: { fact: 'profile', path: 'interests', operator: 'contains', value: 'chess' } },
        ],
      };
  }
}

/** Rule 16 (the 17th) matches the bench state: the learner prefers video and has not seen a16. */
const FIRING = 16;

function benchDoc(): SequenceDoc {
  const rules: Rule[] = Array.from({ length: 19 }, (_, i) => ({
    id: `r${i}`,
    priority: 100 - i,
    when:
      i === FIRING
        ? { all: [{ fact: 'profile', path: 'modality', operator: 'equal', value: 'video' }, { fact: 'visited', operator: 'doesNotContain', value: 'a16' }] }
        : ruleConditions(i),
    then: { type: 'goTo', activity: ACTIVITIES[i] ?? 'a0' },
  }));
  rules.push({ id: 'fallback', default: true, then: { type: 'complete' } });
  return {
    id: 'bench',
    title: 'Bench',
    objectives: OBJECTIVES.map((id) => ({ id, title: id })),
    activities: ACTIVITIES.map((id, i) => ({ id, kind: 'reading', title: id, body: 'x', objectives: [OBJECTIVES[i % 4] ?? 'o1'] })),
    rules,
    completion: { allObjectivesMastered: false },
  };
}

function benchState(doc: SequenceDoc): LearnerState {
  const compiled = compileSequence(doc);
  return {
    ...startLearner(compiled, { seed: 1 }),
    stepCount: 12,
    currentActivity: 'a3',
    visited: ['a0', 'a1', 'a2', 'a3'],
    visits: { a0: 1, a1: 1, a2: 1, a3: 1 },
    mastery: { o1: 0.5, o2: 0.4, o3: 0.3, o4: 0.2 },
    profile: { interests: ['sports'], goals: [], modality: 'video' },
    diagnostic: { o1: 0.5, o2: 0.5, o3: 0.5, o4: 0.5 },
    lastResponse: { activityId: 'a3', correct: false, choiceIds: [], misconception: 'm2', attemptNumber: 1, hintsUsed: 0 },
    streak: { correct: 0, incorrect: 1 },
  };
}

/** json-rules-engine facts: the same values the engine's fact resolvers read. */
function almanacFacts(state: LearnerState): Record<string, unknown> {
  return {
    mastery: state.mastery,
    mastered: state.mastered,
    lastResponse: state.lastResponse,
    streak: state.streak,
    profile: state.profile,
    diagnostic: state.diagnostic,
    visited: state.visited,
    stepCount: state.stepCount,
  };
}

/** Our paths are plain keys; json-rules-engine wants JSONPath. */
function toJre(condition: Condition): TopLevelCondition {
  if ('all' in condition) return { all: condition.all.map(toJre) };
  if ('any' in condition) return { any: condition.any.map(toJre) };
  if ('not' in condition) return { not: toJre(condition.not) };
  const { fact, path, operator, value } = condition;
  return { fact, operator, value, ...(path === undefined ? {} : { path: `$.${path}` }) } as unknown as TopLevelCondition;
}

function jreEngine(doc: SequenceDoc): Engine {
  const engine = new Engine([], { allowUndefinedFacts: true });
  for (const rule of doc.rules) {
    const properties: RuleProperties = {
      name: rule.id,
      priority: 'priority' in rule ? rule.priority : 1,
      // The default rule: an always-true condition at the lowest priority.
      conditions: 'when' in rule ? toJre(rule.when) : { all: [{ fact: 'stepCount', operator: 'greaterThanInclusive', value: 0 }] },
      event: { type: rule.then.type, params: { ...rule.then, rule: rule.id } },
    };
    engine.addRule(properties);
  }
  return engine;
}

async function jreDecide(engine: Engine, facts: Record<string, unknown>): Promise<string> {
  const { results } = await engine.run(facts);
  // Results come grouped by descending priority; the first success decides, as in our engine.
  const first = results[0];
  return first === undefined ? 'none' : String((first.event?.params as { rule?: string } | undefined)?.rule);
}

/** The same 20 rules as one hand-written function. */
function plainDecide(s: LearnerState): string {
  const has = (list: readonly string[], item: string) => list.includes(item);
  for (let i = 0; i < 19; i++) {
    const o = OBJECTIVES[i % 4] ?? 'o1';
    const a = ACTIVITIES[i] ?? 'a0';
    let match: boolean;
    if (i === FIRING) match = s.profile.modality === 'video' && !has(s.visited, 'a16');
    else if (i % 4 === 0) match = (s.mastery[o] ?? 0) >= 0.9 && !has(s.visited, a);
    else if (i % 4 === 1) match = s.lastResponse?.misconception === `m${i}` && (s.profile.modality === 'video' || s.profile.modality === 'visual');
    else if (i % 4 === 2) match = s.streak.incorrect >= 3 + i || (s.stepCount > 50 + i && has(s.mastered, o));
    else match = (s.diagnostic?.[o] ?? 1) < 0.1 && !has(s.profile.interests, 'chess');
    if (match) return `r${i}`;
  }
  return 'fallback';
}

export interface BenchFigure {
  readonly name: string;
  readonly medianNs: number;
  readonly p99Ns: number;
  readonly samples: number;
  readonly decided: string;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

/** Per-call time from batches of `batch` calls, so that sub-µs calls are not lost in timer noise. */
function measureSync(name: string, batches: number, batch: number, run: () => string): BenchFigure {
  let decided = run();
  for (let i = 0; i < batch * 50; i++) decided = run();
  const times: number[] = [];
  for (let b = 0; b < batches; b++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) decided = run();
    times.push(Number(process.hrtime.bigint() - start) / batch);
  }
  times.sort((x, y) => x - y);
  return { name, medianNs: percentile(times, 0.5), p99Ns: percentile(times, 0.99), samples: batches * batch, decided };
}

async function measureAsync(name: string, count: number, run: () => Promise<string>): Promise<BenchFigure> {
  let decided = await run();
  for (let i = 0; i < 200; i++) decided = await run();
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    decided = await run();
    times.push(Number(process.hrtime.bigint() - start));
  }
  times.sort((x, y) => x - y);
  return { name, medianNs: percentile(times, 0.5), p99Ns: percentile(times, 0.99), samples: count, decided };
}

export interface BenchOptions {
  /** Batches for the synchronous contenders (each of 100 calls). */
  readonly batches?: number;
  /** Individual runs of json-rules-engine. */
  readonly jreRuns?: number;
}

export async function runDecisionBench(options: BenchOptions = {}): Promise<BenchFigure[]> {
  const doc = benchDoc();
  const compiled = compileSequence(doc);
  const state = benchState(doc);
  const engine = jreEngine(doc);
  const facts = almanacFacts(state);
  const batches = options.batches ?? 2000;
  return [
    measureSync('engine (compiled)', batches, 100, () => {
      const step = decide(compiled, state).step;
      return step.type === 'activity' ? step.ruleId : step.type;
    }),
    await measureAsync('json-rules-engine', options.jreRuns ?? 2000, () => jreDecide(engine, facts)),
    measureSync('plain closure', batches, 100, () => plainDecide(state)),
  ];
}

function format(ns: number): string {
  return ns >= 1000 ? `${(ns / 1000).toFixed(2)} µs` : `${ns.toFixed(0)} ns`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await runDecisionBench();
  console.log(`Decision over a 20-rule sequence (rule 17 fires), Node ${process.version}`);
  console.table(
    figures.map((f) => ({ contender: f.name, median: format(f.medianNs), p99: format(f.p99Ns), calls: f.samples, decided: f.decided })),
  );
}
