/**
 * Words for the things in a sequence, shared by the graph, the diff view and
 * the help page: a rule's condition as a compact formula, an action as a verb
 * phrase, a JSON pointer as "Activity “eq-pizza” › title" (and, beside an
 * issue's message, without what the message names). Pure and defensive:
 * drafts are half-written, so any field may be missing or the wrong type.
 */
import { parsePointer } from './json-pointer.js';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

const OPERATOR_SYMBOLS: Record<string, string> = {
  equal: '=',
  notEqual: '≠',
  lessThan: '<',
  lessThanInclusive: '≤',
  greaterThan: '>',
  greaterThanInclusive: '≥',
  in: 'in',
  notIn: 'not in',
  contains: 'has',
  doesNotContain: 'lacks',
  containsAny: 'has any of',
};

function factName(fact: unknown, path: unknown): string {
  const f = str(fact) ?? '?';
  const p = str(path);
  return p === undefined ? f : `${f}.${p}`;
}

function valueText(value: unknown): string {
  if (isRecord(value) && 'fact' in value) return factName(value.fact, value.path);
  if (Array.isArray(value)) return `[${value.map(valueText).join(', ')}]`;
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? '?';
}

/** `streak.incorrect ≥ 2 and (profile.modality = video or …)`; '' for a missing condition. */
export function conditionSummary(condition: unknown, nested = false): string {
  if (!isRecord(condition)) return '';
  const group = (items: unknown, joiner: string): string => {
    const parts = Array.isArray(items) ? items.map((c) => conditionSummary(c, true)).filter(Boolean) : [];
    if (parts.length === 0) return '';
    const text = parts.join(joiner);
    return nested && parts.length > 1 ? `(${text})` : text;
  };
  if ('all' in condition) return group(condition.all, ' and ');
  if ('any' in condition) return group(condition.any, ' or ');
  if ('not' in condition) return `not ${conditionSummary(condition.not, true) || '?'}`;
  if ('fact' in condition) {
    const op = str(condition.operator);
    return `${factName(condition.fact, condition.path)} ${(op && OPERATOR_SYMBOLS[op]) ?? op ?? '?'} ${valueText(condition.value)}`;
  }
  return '';
}

/** What an action does, in a few words. */
export function actionSummary(action: unknown): string {
  if (!isRecord(action)) return 'does nothing yet';
  const ids = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  switch (action.type) {
    case 'goTo':
      return `go to ${str(action.activity) ?? '?'}`;
    case 'offerChoice': {
      const by = str(action.recommendBy);
      return `offer a choice of ${ids(action.options).length}${by ? `, recommended by ${by}` : ''}`;
    }
    case 'pickFromPool':
      return str(action.objective) !== undefined ? `pick an activity for ${str(action.objective)}` : `pick from a pool of ${ids(action.pool).length}`;
    case 'review':
      return `review ${str(action.objective) ?? '?'}`;
    case 'complete':
      return 'complete the sequence';
    case 'showFeedback':
      return isRecord(action.then) ? `show a message, then ${actionSummary(action.then)}` : 'show a message, then the next rule decides';
    default:
      return `unknown action ${JSON.stringify(action.type ?? null)}`;
  }
}

const SECTION_NAMES: Record<string, [singular: string, plural: string]> = {
  activities: ['Activity', 'Activities'],
  rules: ['Rule', 'Rules'],
  objectives: ['Objective', 'Objectives'],
  misconceptions: ['Misconception', 'Misconceptions'],
  choices: ['Choice', 'Choices'],
  questions: ['Question', 'Questions'],
  options: ['Option', 'Options'],
  checklist: ['Checklist item', 'Checklist'],
  distractors: ['Distractor', 'Distractors'],
};

/** One step of a pointer in words; an array item named by its id also says what it is and which. */
interface PlacePart {
  readonly text: string;
  readonly named?: { readonly what: string; readonly id: string };
}

/** The steps of `pointer` in words, or null when it is not a pointer. */
function placeParts(doc: unknown, pointer: string): PlacePart[] | null {
  let tokens: string[];
  try {
    tokens = parsePointer(pointer);
  } catch {
    return null;
  }
  const parts: PlacePart[] = [];
  let node: unknown = doc;
  let parentKey: string | undefined;
  for (const token of tokens) {
    if (Array.isArray(node)) {
      const item: unknown = node[Number(token)];
      const names = parentKey ? SECTION_NAMES[parentKey] : undefined;
      const id = isRecord(item) ? (str(item.id) ?? str(item.value)) : undefined;
      const what = names?.[0] ?? 'Item';
      // Replace the plural section name just pushed with the named item.
      if (names && parts[parts.length - 1]?.text === parentKey) parts.pop();
      parts.push(id !== undefined ? { text: `${what} “${id}”`, named: { what, id } } : { text: `${what} ${Number(token) + 1}` });
      node = item;
    } else {
      parts.push({ text: token });
      node = isRecord(node) ? node[token] : undefined;
      parentKey = token;
      continue;
    }
    parentKey = undefined;
  }
  return parts;
}

/**
 * A pointer in words, naming array items by their `id` when they have one:
 * `/activities/3/choices/1/text` → `Activity “eq-pizza” › Choice “b” › text`.
 */
export function describePointer(doc: unknown, pointer: string): string {
  const parts = placeParts(doc, pointer);
  if (parts === null) return pointer;
  return parts.length === 0 ? 'The whole sequence' : parts.map((p) => p.text).join(' › ');
}

/** Words the lint uses for an item of a section, besides the section's own ("question 'q1'" is an activity). */
const OTHER_WORDS: Record<string, readonly string[]> = { Activity: ['question'] };

/**
 * Where an issue is, in words, without what its message already names. The
 * lint's messages name their item ("objective 'retention' cannot reach
 * mastery"), and "Objective “retention”: objective 'retention' cannot…" says
 * it twice, so the leading items the message names by kind and id are left
 * out: `/objectives/2` → '', `/rules/4/then` → 'then' when the message names
 * rule '…'. '' when the message says it all.
 */
export function issuePlace(doc: unknown, pointer: string, message: string): string {
  const parts = placeParts(doc, pointer);
  if (parts === null) return pointer;
  if (parts.length === 0) return 'The whole sequence';
  const said = message.toLowerCase();
  const named = (part: PlacePart) =>
    part.named !== undefined && [part.named.what, ...(OTHER_WORDS[part.named.what] ?? [])].some((word) => said.includes(`${word.toLowerCase()} '${part.named!.id.toLowerCase()}'`));
  let first = 0;
  while (first < parts.length && named(parts[first]!)) first++;
  return parts
    .slice(first)
    .map((p) => p.text)
    .join(' › ');
}

/** Human text for a JSON value in a diff: strings as they are, the rest as compact JSON. */
export function valuePreview(value: unknown, max = 160): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? 'nothing');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A whole item a diff adds or removes (an activity, a rule…), in words and as JSON. */
export interface ItemSummary {
  /** `Activity “extra-reading”: Extra reading`, from the item itself (a removed item is not in the newer document). */
  readonly heading: string;
  /** The fields a designer recognises the item by, in words. */
  readonly facts: ReadonlyArray<{ readonly label: string; readonly value: string }>;
  /** The item, pretty-printed. */
  readonly json: string;
}

function shortText(value: unknown, max = 140): string | undefined {
  const text = str(value)?.replace(/\s+/g, ' ').trim();
  if (!text) return undefined;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function listText(value: unknown): string | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  return value.map((v) => (typeof v === 'string' ? v : isRecord(v) ? (str(v.id) ?? JSON.stringify(v)) : JSON.stringify(v))).join(', ');
}

/** Facts by the kind of item, each only when the item has it. */
function itemFacts(what: string, item: Record<string, unknown>): Array<{ label: string; value: string | undefined }> {
  switch (what) {
    case 'Activity': {
      const choices = Array.isArray(item.choices) ? item.choices : undefined;
      const correct = choices?.filter((c) => isRecord(c) && c.correct === true).length ?? 0;
      return [
        { label: 'Kind', value: str(item.kind) },
        { label: 'Objectives', value: listText(item.objectives) },
        { label: 'Prompt', value: shortText(item.prompt) },
        { label: 'Text', value: shortText(item.body) },
        { label: 'Choices', value: choices ? `${choices.length}, ${correct} correct` : undefined },
        { label: 'Answer', value: typeof item.answer === 'number' ? String(item.answer) : undefined },
        { label: 'Accepted answers', value: listText(item.acceptedAnswers) },
        { label: 'Questions', value: listText(item.questions) },
        { label: 'Video', value: str(item.url) },
      ];
    }
    case 'Rule':
      return [
        { label: 'Priority', value: item.default === true ? 'default (tried last)' : typeof item.priority === 'number' ? String(item.priority) : undefined },
        { label: 'When', value: item.default === true ? 'otherwise' : conditionSummary(item.when) || undefined },
        { label: 'Then', value: actionSummary(item.then) },
        { label: 'Description', value: shortText(item.description) },
      ];
    case 'Objective':
      return [
        { label: 'Description', value: shortText(item.description) },
        { label: 'Mastery threshold', value: typeof item.masteryThreshold === 'number' ? String(item.masteryThreshold) : undefined },
      ];
    case 'Choice':
      return [
        { label: 'Text', value: shortText(item.text) },
        { label: 'Correct', value: item.correct === true ? 'yes' : 'no' },
        { label: 'Feedback', value: shortText(item.feedback) },
      ];
    default:
      // Anything else: its plain fields, as they are.
      return Object.entries(item)
        .filter(([key, v]) => key !== 'id' && key !== 'title' && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'))
        .slice(0, 6)
        .map(([key, v]) => ({ label: key, value: typeof v === 'string' ? shortText(v) : String(v) }));
  }
}

/**
 * What a diff's added or removed value is, for `pointer` where it was added
 * or removed: an object (an activity, a rule, an objective, a choice, or any
 * object-valued field) gets a heading, its key facts and its JSON; other
 * values get null (a string or number reads fine as it is).
 */
export function itemSummary(pointer: string, value: unknown): ItemSummary | null {
  if (!isRecord(value)) return null;
  let tokens: string[];
  try {
    tokens = parsePointer(pointer);
  } catch {
    tokens = [];
  }
  const last = tokens[tokens.length - 1];
  const parent = tokens[tokens.length - 2];
  const inArray = last !== undefined && /^\d+$/.test(last);
  const what = inArray ? (SECTION_NAMES[parent ?? '']?.[0] ?? 'Item') : (last ?? 'The whole sequence');
  const id = str(value.id);
  const title = str(value.title);
  const named = inArray ? (id !== undefined ? `${what} “${id}”` : `${what} ${Number(last) + 1}`) : what;
  const facts = itemFacts(inArray ? what : '', value).filter((f): f is { label: string; value: string } => f.value !== undefined && f.value !== '');
  return { heading: title ? `${named}: ${title}` : named, facts, json: JSON.stringify(value, null, 2) };
}
