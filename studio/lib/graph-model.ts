/**
 * The path graph of a draft: what can follow what.
 *
 * Rules are not transitions from one activity to another: after every step the
 * engine tries them all, highest priority first, and the first that holds and
 * can produce a step decides. The graph says exactly that: the start steps lead
 * into a "Rules" box listing every rule in the order they are tried, and each
 * rule's outcome is an edge to what it shows (a choice fans out to its options;
 * a pool or a review points at every candidate, dashed). A rule whose condition
 * names the activity being left (`currentActivity`, `lastResponse.activityId`)
 * also gets an edge from that activity. Activities nothing leads to are marked.
 *
 * Pure: built from the parsed draft, tolerant of half-written documents.
 */
import { actionSummary, conditionSummary, isRecord, str } from './describe.js';
import { formatPointer } from './json-pointer.js';

export type NodeKind = 'start' | 'end' | 'activity' | 'rule';
export type EdgeKind = 'flow' | 'outcome' | 'choice' | 'candidate' | 'asks' | 'after';

export interface GraphNode {
  readonly id: string;
  readonly kind: NodeKind;
  /** Main line: activity title, rule id. */
  readonly label: string;
  /** Second line: kind and id, priority and condition. */
  readonly detail: string;
  /** Full text for the accessible name and tooltip. */
  readonly description: string;
  /** Where it is in the document, to reveal it in the editor. */
  readonly path: string;
  /** Rules only: inside the rules box. */
  readonly inRules: boolean;
  readonly unreachable: boolean;
  readonly isDefault: boolean;
}

export interface GraphEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly kind: EdgeKind;
  readonly label: string;
  /** The full story of the edge (which rule, under what condition), for its tooltip. */
  readonly title: string;
}

export interface PathGraph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** The box holding the rules; its id for edges into it. */
  readonly rulesBox: string;
}

export const RULES_BOX = '@rules';
const START = '@start';
const END = '@end';

const KIND_NAMES: Record<string, string> = {
  singleChoice: 'single choice',
  multipleChoice: 'multiple choice',
  numeric: 'numeric',
  shortText: 'short text',
  reading: 'reading',
  video: 'video',
  handsOn: 'hands-on',
  survey: 'survey',
  diagnostic: 'diagnostic',
};

const CANDIDATE_EXCLUDED = new Set(['survey', 'diagnostic']);

interface ActivityInfo {
  readonly nodeId: string;
  readonly id: string;
  readonly kind: string;
  readonly objectives: readonly string[];
}

function ids(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Activity ids a condition says the learner is leaving (equal / in on the current or last-answered activity). */
function sourceActivities(condition: unknown, out: Set<string> = new Set()): Set<string> {
  if (!isRecord(condition)) return out;
  for (const key of ['all', 'any'] as const) {
    const list = condition[key];
    if (Array.isArray(list)) for (const c of list) sourceActivities(c, out);
  }
  // Under `not` the activity is where the learner is *not*: no edge.
  const fact = str(condition.fact);
  const onActivity = fact === 'currentActivity' || (fact === 'lastResponse' && condition.path === 'activityId') || (fact === 'selfReport' && condition.path === 'activityId');
  if (onActivity) {
    if (condition.operator === 'equal' && typeof condition.value === 'string') out.add(condition.value);
    if (condition.operator === 'in') for (const id of ids(condition.value)) out.add(id);
  }
  return out;
}

export function buildGraph(doc: unknown): PathGraph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const d = isRecord(doc) ? doc : {};
  const activities = Array.isArray(d.activities) ? d.activities : [];
  const rules = Array.isArray(d.rules) ? d.rules : [];

  const byId = new Map<string, ActivityInfo>();
  const infos: ActivityInfo[] = [];
  activities.forEach((a, index) => {
    if (!isRecord(a)) return;
    const id = str(a.id) ?? `#${index + 1}`;
    const info: ActivityInfo = { nodeId: `a:${index}`, id, kind: str(a.kind) ?? '', objectives: ids(a.objectives) };
    infos.push(info);
    if (!byId.has(id)) byId.set(id, info);
  });

  const edgeKeys = new Set<string>();
  const targeted = new Set<string>();
  const addEdge = (source: string, target: string, kind: EdgeKind, label = '', title = label): void => {
    const key = `${source}>${target}>${kind}`;
    if (edgeKeys.has(key)) return;
    edgeKeys.add(key);
    edges.push({ id: `e${edges.length}`, source, target, kind, label, title });
    targeted.add(target);
  };
  /** Rule outcome edges say which rule, when, and what: "add-across-text, when …: go to read-add". */
  let story = '';
  const toActivity = (source: string, activityId: unknown, kind: EdgeKind, label = ''): void => {
    const info = typeof activityId === 'string' ? byId.get(activityId) : undefined;
    if (info) addEdge(source, info.nodeId, kind, label, story ? `${story}: ${label || kind} ${info.id}` : label);
  };
  const candidates = (objective: string, kinds: string[] | null): ActivityInfo[] =>
    infos.filter((a) => a.objectives.includes(objective) && !CANDIDATE_EXCLUDED.has(a.kind) && (kinds === null || kinds.includes(a.kind)));

  nodes.push({ id: START, kind: 'start', label: 'Start', detail: 'a learner arrives', description: 'Start: a learner arrives', path: '/start', inRules: false, unreachable: false, isDefault: false });

  // The start chain: survey, then diagnostic, then the rules.
  const start = isRecord(d.start) ? d.start : {};
  let last = START;
  for (const [key, label] of [
    ['survey', 'first'],
    ['diagnostic', 'then'],
  ] as const) {
    const info = byId.get(str(start[key]) ?? '');
    if (info) {
      addEdge(last, info.nodeId, 'flow', label);
      last = info.nodeId;
    }
  }
  addEdge(last, RULES_BOX, 'flow', 'after each step');

  // Rules, in the order the engine tries them (priority high → low, ties in document order, default last).
  const ordered = rules
    .map((rule, index) => ({ rule, index }))
    .filter((r): r is { rule: Record<string, unknown>; index: number } => isRecord(r.rule))
    .sort((a, b) => rank(b.rule) - rank(a.rule) || a.index - b.index);

  for (const { rule, index } of ordered) {
    const nodeId = `r:${index}`;
    const isDefault = rule.default === true;
    const ruleId = str(rule.id) ?? `rule ${index + 1}`;
    const when = isDefault ? 'otherwise' : conditionSummary(rule.when) || 'no condition yet';
    const priority = isDefault ? 'default' : typeof rule.priority === 'number' ? `priority ${rule.priority}` : 'no priority';
    const does = actionSummary(rule.then);
    nodes.push({
      id: nodeId,
      kind: 'rule',
      label: ruleId,
      detail: `${isDefault ? 'default' : `p${typeof rule.priority === 'number' ? rule.priority : '?'}`} · ${when}`,
      description: `Rule ${ruleId} (${priority}): when ${when}, ${does}`,
      path: formatPointer(['rules', index]),
      inRules: true,
      unreachable: false,
      isDefault,
    });
    for (const from of sourceActivities(rule.when)) {
      const info = byId.get(from);
      if (info) addEdge(info.nodeId, nodeId, 'after', 'after', `after ${info.id}, rule ${ruleId} is tried`);
    }
    story = `${ruleId}, when ${when}`;
    outcome(nodeId, rule.then, '');
    story = '';
  }

  function outcome(source: string, action: unknown, prefix: string): void {
    if (!isRecord(action)) return;
    switch (action.type) {
      case 'goTo':
        toActivity(source, action.activity, 'outcome', `${prefix}go to`);
        break;
      case 'offerChoice': {
        const by = str(action.recommendBy);
        for (const id of ids(action.options)) toActivity(source, id, 'choice', `${prefix}choice${by ? ` · ${by}` : ''}`);
        break;
      }
      case 'pickFromPool': {
        const kinds = Array.isArray(action.kinds) ? ids(action.kinds) : null;
        const objective = str(action.objective);
        const pool = objective !== undefined ? candidates(objective, kinds).map((a) => a.id) : ids(action.pool);
        for (const id of pool) toActivity(source, id, 'candidate', `${prefix}pool`);
        break;
      }
      case 'review': {
        const objective = str(action.objective);
        if (objective !== undefined) for (const a of candidates(objective, null)) toActivity(source, a.id, 'candidate', `${prefix}review`);
        break;
      }
      case 'complete':
        addEdge(source, END, 'outcome', `${prefix}complete`, story ? `${story}: ${prefix}complete` : '');
        break;
      case 'showFeedback':
        outcome(source, action.then, 'message, then ');
        break;
    }
  }

  // Diagnostics ask their questions in one go.
  activities.forEach((a, index) => {
    if (isRecord(a) && a.kind === 'diagnostic') for (const q of ids(a.questions)) toActivity(`a:${index}`, q, 'asks', 'asks');
  });

  const completion = isRecord(d.completion) ? d.completion : {};
  const endReasons = [completion.allObjectivesMastered === false ? '' : 'all mastered', typeof completion.maxSteps === 'number' ? `${completion.maxSteps} steps` : '']
    .filter(Boolean)
    .join(' / ');
  if (endReasons) addEdge(RULES_BOX, END, 'flow', endReasons);

  for (const info of infos) {
    const a = activities[Number(info.nodeId.slice(2))] as Record<string, unknown>;
    const title = str(a.title) ?? info.id;
    const kindName = KIND_NAMES[info.kind] ?? (info.kind || 'no kind');
    const unreachable = !targeted.has(info.nodeId);
    nodes.push({
      id: info.nodeId,
      kind: 'activity',
      label: title,
      detail: `${kindName} · ${info.id}`,
      description: `Activity ${info.id}: ${title} (${kindName})${unreachable ? '. Nothing leads here' : ''}`,
      path: formatPointer(['activities', Number(info.nodeId.slice(2))]),
      inRules: false,
      unreachable,
      isDefault: false,
    });
  }

  nodes.push({ id: END, kind: 'end', label: 'Complete', detail: 'the sequence ends', description: 'Complete: the sequence ends', path: '/completion', inRules: false, unreachable: !targeted.has(END), isDefault: false });
  return { nodes, edges, rulesBox: RULES_BOX };
}

function rank(rule: Record<string, unknown>): number {
  if (rule.default === true) return Number.NEGATIVE_INFINITY;
  return typeof rule.priority === 'number' ? rule.priority : 0;
}
