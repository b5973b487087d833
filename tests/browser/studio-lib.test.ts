/**
 * The studio's pure modules, tested in Node: server issues (JSON pointers)
 * placed on the editor's text as Monaco ranges (1-based lines and columns),
 * the path graph model, the words for conditions and places, the simulation
 * result reader and the help page's rule trial.
 */
import { expect } from 'chai';
import { formatPointer, LineIndex, locatePointer, parsePointer, pointerAt } from '../../studio/lib/json-pointer.js';
import elkBundled from 'elkjs/lib/elk.bundled.js';
import { buildGraph } from '../../studio/lib/graph-model.js';
import { layoutGraph, type LayoutEngine } from '../../studio/lib/graph-layout.js';
import { templateDraft } from '../../server/studio/sequences/templates.js';
import { isSyntaxCode, isSyntaxProblem, syntaxErrors } from '../../studio/lib/diagnostics.js';
import type { EditorDiagnostic } from '../../studio/lib/events.js';
import { conditionSummary, describePointer, issuePlace, itemSummary } from '../../studio/lib/describe.js';
import { runTrial, TrialError } from '../../studio/lib/rule-trial.js';
import { histogramBars, summarize } from '../../studio/lib/simulation.js';
import { BASE, EXAMPLES } from '../../studio/components/help/examples.js';
import { loadSample } from '../engine/support/samples.js';

const TEXT = `{
  "id": "seq",
  "activities": [
    { "id": "a1", "kind": "reading", "title": "Read" },
    {
      "id": "a/b~c",
      "choices": [1, 2, 3]
    }
  ],
  "weird key/~": "x",
  "é": "ünïcode ✓", "after": true
}
`;

/** The text a range covers, for readable assertions. */
function covered(text: string, pointer: string): string | null {
  const loc = locatePointer(text, pointer);
  if (!loc) return null;
  const lines = text.split('\n');
  const r = loc.range;
  if (r.startLineNumber === r.endLineNumber) return (lines[r.startLineNumber - 1] ?? '').slice(r.startColumn - 1, r.endColumn - 1);
  return [
    (lines[r.startLineNumber - 1] ?? '').slice(r.startColumn - 1),
    ...lines.slice(r.startLineNumber, r.endLineNumber - 1),
    (lines[r.endLineNumber - 1] ?? '').slice(0, r.endColumn - 1),
  ].join('\n');
}

describe('studio: JSON pointer → editor range', () => {
  it('parses and formats pointers with ~0 and ~1 escapes', () => {
    expect(parsePointer('')).to.deep.equal([]);
    expect(parsePointer('/a~1b/~0c/0')).to.deep.equal(['a/b', '~c', '0']);
    expect(formatPointer(['a/b', '~c', 0])).to.equal('/a~1b/~0c/0');
    expect(() => parsePointer('nope')).to.throw();
  });

  it('covers a property from its name through a scalar value', () => {
    expect(covered(TEXT, '/id')).to.equal('"id": "seq"');
    expect(covered(TEXT, '/activities/0/kind')).to.equal('"kind": "reading"');
    expect(covered(TEXT, '/activities/1/choices/2')).to.equal('3');
    expect(covered(TEXT, '/after')).to.equal('"after": true');
  });

  it('gives exact 1-based lines and columns', () => {
    expect(locatePointer(TEXT, '/activities/0/title')?.range).to.deep.equal({ startLineNumber: 4, startColumn: 38, endLineNumber: 4, endColumn: 53 });
  });

  it('underlines only the first line of an object or array', () => {
    expect(covered(TEXT, '/activities/1')).to.equal('{');
    expect(covered(TEXT, '/activities')).to.equal('"activities": [');
    expect(covered(TEXT, '/activities/0')).to.equal('{ "id": "a1", "kind": "reading", "title": "Read" }');
  });

  it('unescapes keys, in pointers and in the text', () => {
    expect(covered(TEXT, '/weird key~1~0')).to.equal('"weird key/~": "x"');
    expect(covered(TEXT, '/activities/1/id')).to.equal('"id": "a/b~c"');
    expect(covered(TEXT, '/é')).to.equal('"é": "ünïcode ✓"');
  });

  it('falls back to the deepest existing ancestor for a missing place', () => {
    const loc = locatePointer(TEXT, '/activities/0/prompt');
    expect(loc?.exact).to.equal(false);
    expect(loc?.found).to.equal('/activities/0');
    expect(locatePointer(TEXT, '/activities/9')?.found).to.equal('/activities');
    expect(locatePointer(TEXT, '')?.range.startLineNumber).to.equal(1);
  });

  it('still finds places in half-typed JSON', () => {
    const broken = '{\n  "a": [1, 2, ,],\n  "b": { "c": tru';
    expect(covered(broken, '/a/1')).to.equal('2');
    expect(locatePointer(broken, '/b/c')?.exact).to.equal(true);
    expect(locatePointer('', '/x')).to.equal(null);
  });

  it('uses the last of duplicate keys, like JSON.parse', () => {
    expect(covered('{"a": 1, "a": 2}', '/a')).to.equal('"a": 2');
  });

  it('handles CRLF line ends', () => {
    const crlf = TEXT.replace(/\n/g, '\r\n');
    expect(locatePointer(crlf, '/activities/0/title')?.range).to.deep.equal({ startLineNumber: 4, startColumn: 38, endLineNumber: 4, endColumn: 53 });
    expect(covered(crlf, '/activities/1')).to.equal('{');
  });

  it('maps an offset back to the pointer of the activity or rule around it', () => {
    const offset = TEXT.indexOf('"reading"');
    expect(pointerAt(TEXT, offset)).to.equal('/activities/0/kind');
    expect(pointerAt(TEXT, offset, 2)).to.equal('/activities/0');
    expect(new LineIndex(TEXT).position(offset)).to.deep.equal({ lineNumber: 4, column: TEXT.split('\n')[3]!.indexOf('"reading"') + 1 });
  });

  it('locates every issue path of a real sample', () => {
    const doc = loadSample('fractions');
    const text = JSON.stringify(doc, null, 2);
    doc.rules.forEach((rule, i) => expect(covered(text, `/rules/${i}/id`)).to.equal(`"id": ${JSON.stringify(rule.id)}`));
  });
});

describe('studio: path graph model and words', () => {
  it('draws the sample: start chain, every activity and rule, outcomes as edges', () => {
    const doc = loadSample('fractions');
    const graph = buildGraph(doc);
    expect(graph.nodes.filter((n) => n.kind === 'activity')).to.have.length(doc.activities.length);
    expect(graph.nodes.filter((n) => n.kind === 'rule')).to.have.length(doc.rules.length);
    const byLabel = (label: string) => graph.nodes.find((n) => n.label === label)!;
    // Rules in the order the engine tries them; the default last.
    const rules = graph.nodes.filter((n) => n.kind === 'rule');
    expect(rules[0]?.label).to.equal('wrap-up');
    expect(rules.at(-1)?.isDefault).to.equal(true);
    // goTo, choice fan-out and complete.
    const edgesFrom = (id: string) => graph.edges.filter((e) => e.source === id);
    expect(edgesFrom(byLabel('add-across-text').id).map((e) => e.kind)).to.deep.equal(['outcome']);
    expect(edgesFrom(byLabel('compare-parts-choice').id).filter((e) => e.kind === 'choice')).to.have.length(4);
    expect(edgesFrom(byLabel('wrap-up').id)[0]?.target).to.equal('@end');
    // A rule on the activity being left gets an edge from it.
    const after = graph.edges.filter((e) => e.kind === 'after' && e.target === byLabel('low-confidence-equivalent').id);
    expect(after.map((e) => e.title)).to.deep.equal(['after fold-equivalent, rule low-confidence-equivalent is tried']);
    expect(graph.nodes.filter((n) => n.unreachable && n.kind === 'activity')).to.deep.equal([]);
  });

  it('survives half-written drafts and marks unreachable activities', () => {
    expect(buildGraph(null).nodes.map((n) => n.kind)).to.deep.equal(['start', 'end']);
    const graph = buildGraph({ activities: [{ id: 'x', kind: 'reading' }, 'junk'], rules: [{ id: 'r', default: true, then: { type: 'goTo' } }, null] });
    expect(graph.nodes.find((n) => n.kind === 'activity')?.unreachable).to.equal(true);
  });

  it('summarizes conditions and names places', () => {
    expect(conditionSummary({ all: [{ fact: 'streak', path: 'incorrect', operator: 'greaterThanInclusive', value: 2 }, { any: [{ fact: 'profile', path: 'modality', operator: 'in', value: ['text', null] }, { not: { fact: 'stepCount', operator: 'lessThan', value: { fact: 'mastery', path: 'add' } } }] }] })).to.equal(
      'streak.incorrect ≥ 2 and (profile.modality in [text, null] or not stepCount < mastery.add)',
    );
    const doc = loadSample('fractions');
    expect(describePointer(doc, '/activities/5/choices/1/text')).to.equal('Activity “eq-pizza” › Choice “quarter” › text');
    expect(describePointer(doc, '/rules/0/when')).to.equal('Rule “wrap-up” › when');
    expect(describePointer(doc, '')).to.equal('The whole sequence');
  });

  // QA: a publish warning read "Objective “retention” : objective 'retention' cannot reach mastery…".
  it('names an issue’s place without what its message already names', () => {
    const doc = {
      objectives: [{ id: 'retention' }],
      activities: [{ id: 'q1', kind: 'singleChoice' }, { id: 'read' }],
      rules: [{ id: 'fallback', default: true, then: { type: 'showFeedback' } }, { id: 'read', then: { type: 'goTo', activity: 'nowhere' } }],
    };
    const rows: Array<[pointer: string, message: string, place: string]> = [
      ['/objectives/0', "objective 'retention' cannot reach mastery (threshold 95%) however many questions are answered right", ''],
      ['/objectives/0/masteryThreshold', "objective 'retention' leaves no room for a mistake", 'masteryThreshold'],
      ['/objectives/0', "Objective 'RETENTION' is named in any case", ''],
      ['/rules/0/then', "the default rule 'fallback' only shows a message; give it a 'then'", 'then'],
      ['/activities/0', "question 'q1' exercises no objective, so its answers tell the learner model nothing", ''],
      ['/activities/1', "no rule, start step or diagnostic can show activity 'read'", ''],
      // Named only by kind and id together: rule 'read' is not activity 'read'.
      ['/rules/1/then/activity', "unknown activity 'read'", 'Rule “read” › then › activity'],
      ['/rules/1/then/activity', "unknown activity 'nowhere'", 'Rule “read” › then › activity'],
      ['/objectives/0', 'no activity exercises this objective', 'Objective “retention”'],
      ['', 'nothing ends this sequence', 'The whole sequence'],
    ];
    for (const [pointer, message, place] of rows) expect(issuePlace(doc, pointer, message), `${pointer}: ${message}`).to.equal(place);
  });
});

describe('studio: simulation results and rule trials', () => {
  it('reads the simulation result: rate, histogram bins, paths and every kind of stuck point', () => {
    const s = summarize({
      type: 'result',
      learners: 200,
      completion: { rate: 0.9, completed: 180, byEnding: { mastered: 150, rule: 30, stalled: 20, error: 0 } },
      stepsToCompletion: { histogram: [{ from: 5, to: 9, learners: 40 }, { from: 10, to: 10, learners: 140 }], stats: { min: 5, median: 10, p90: 10, max: 10, mean: 9.2 } },
      topPaths: [{ activities: ['a', 'b'], learners: 120, share: 0.6 }],
      stuck: {
        revisits: [{ activityId: 'b', learners: 12, share: 0.06, meanVisits: 2.5, maxVisits: 4 }],
        guardRefusals: [{ ruleId: 'loop', refusals: 30, learners: 10 }],
        stalls: [{ lastActivity: 'c', learners: 20 }],
        stepCap: [{ lastActivity: null, learners: 1 }],
      },
      mastery: [{ objectiveId: 'o', title: 'O', meanEstimate: 0.8, masteredShare: 0.7, knownShare: 0.75 }],
      segments: { modality: [{ segment: 'video', learners: 50, completionRate: 0.95, medianSteps: 9 }] },
      errors: [],
      notes: ['Synthetic learners answer by the model.'],
    });
    expect(s.completionRate).to.equal(0.9);
    expect(s.endings).to.deep.equal([['mastered', 150], ['rule', 30], ['stalled', 20]]);
    expect(s.histogram).to.deep.equal([{ label: '5–9', value: 40 }, { label: '10', value: 140 }]);
    expect(s.stats?.median).to.equal(10);
    expect(s.commonPaths).to.deep.equal([{ steps: ['a', 'b'], count: 120, share: 0.6 }]);
    expect(s.stuck.map((p) => `${p.kind}:${p.id}:${p.learners}`)).to.deep.equal(['activity:c:20', 'activity:(before the first activity):1', 'rule:loop:10', 'activity:b:12']);
    expect(s.segments[0]?.title).to.equal('By preferred way to learn');
    expect(s.notes).to.have.length(1);
    expect(s.looped).to.equal(null);
  });

  it('does not count a learner the loop guard had to stop as completed as designed (QA: “100%” next to a loop)', () => {
    const s = summarize({ learners: 200, completion: { rate: 1, completed: 200, looped: 24, byEnding: { mastered: 44, rule: 156 } } });
    expect(s.completionRate).to.equal(0.88);
    expect(s.looped).to.equal(24);
    expect(s.loopedRate).to.equal(0.12);
    const none = summarize({ learners: 200, completion: { rate: 1, completed: 200, looped: 0 } });
    expect([none.completionRate, none.looped, none.loopedRate]).to.deep.equal([1, 0, 0]);
  });

  it('accepts the flat encodings too, and ignores what it cannot read', () => {
    expect(histogramBars({ '12': 3, '4': 1, x: 'no' })).to.deep.equal([{ label: '4', value: 1 }, { label: '12', value: 3 }]);
    expect(histogramBars([[3, 2], 'junk', 5])).to.deep.equal([{ label: '3', value: 2 }, { label: '2', value: 5 }]);
    const s = summarize({ completionRate: 75, stuck: [{ activityId: 'x', count: 2 }], commonPaths: [{ path: 'a > b', count: 3 }], learners: 6 });
    expect(s.completionRate).to.equal(0.75);
    expect(s.stuck).to.deep.equal([{ kind: 'activity', id: 'x', learners: 2, why: '' }]);
    expect(s.commonPaths).to.deep.equal([{ steps: ['a', 'b'], count: 3, share: 0.5 }]);
    expect(summarize({}).histogram).to.deep.equal([]);
  });

  it('runs every help example with the engine and the rule it is about decides', () => {
    const deciding: Record<string, string> = { priority: 'fix-add-across', choice: 'how-to-learn', feedback: 'review-add', default: 'keep-going', 'fact-vs-fact': 'compare-lags' };
    for (const example of EXAMPLES) {
      const { decision } = runTrial(BASE, example.rules, example.learner);
      const fired = decision.trace.filter((t) => t.outcome === 'fired').map((t) => t.ruleId);
      expect(fired.at(-1), example.id).to.equal(deciding[example.id]);
    }
    const feedback = runTrial(BASE, EXAMPLES.find((e) => e.id === 'feedback')!.rules, EXAMPLES.find((e) => e.id === 'feedback')!.learner);
    expect(feedback.decision.step.type).to.equal('feedback');
  });

  it('explains what is wrong with a trial instead of throwing engine internals', () => {
    expect(() => runTrial(BASE, {}, {})).to.throw(TrialError, '"rules" must be an array');
    expect(() => runTrial(BASE, [], { moodd: 1 })).to.throw(TrialError, 'cannot set "moodd"');
    expect(() => runTrial(BASE, [{ id: 'r', priority: 1, when: { fact: 'stepCount', operator: 'equal', value: 0 }, then: { type: 'goTo', activity: 'nowhere' } }], {})).to.throw(TrialError, 'do not compile');
  });
});

describe('studio: graph edges tell their story', () => {
  it('an outcome edge names its rule and condition', () => {
    const graph = buildGraph(loadSample('fractions'));
    const edge = graph.edges.find((e) => e.kind === 'outcome' && e.title.startsWith('add-across-text'));
    expect(edge?.title).to.equal('add-across-text, when lastResponse.misconception = add-across and profile.modality in [text, null] and visited.read-add = false: go to read-add');
  });
});

describe('studio: syntax errors apart from checks of a tolerant parse', () => {
  // Markers as Monaco's JSON worker set them for one unclosed objectives list (QA): one real slip, the rest noise.
  const markers: Array<{ line: number; column: number; code: string; message: string; source?: string; severity?: 'warning' }> = [
    { line: 1, column: 1, code: '0', message: 'Missing property "activities".' },
    { line: 1, column: 1, code: '0', message: 'Missing property "rules".' },
    { line: 12, column: 7, code: '0', message: 'Property masteryThreshold is not allowed.' },
    { line: 10, column: 7, code: '0', message: 'Property bkt is not allowed.' },
    { line: 40, column: 1, code: '0', message: 'End of file expected.', source: 'json' },
    { line: 9, column: 5, code: '514', message: 'Expected comma', source: 'json' },
    { line: 3, column: 3, code: '520', message: 'Duplicate object key', source: 'json', severity: 'warning' },
    { line: 2, column: 1, code: '768', message: 'Unable to load schema' },
  ];
  const diagnostics: EditorDiagnostic[] = markers.map((m) => ({ severity: m.severity ?? 'error', path: '', message: m.message, code: `json.${m.code}`, line: m.line, column: m.column, syntax: isSyntaxProblem(m) }));

  it('keeps only the syntax errors, first in the text first', () => {
    expect(syntaxErrors(diagnostics).map((d) => [d.line, d.message])).to.deep.equal([
      [9, 'Expected comma'],
      [40, 'End of file expected.'],
    ]);
  });

  it('knows the parser by its source, and comments by their parse code', () => {
    expect(isSyntaxProblem({ code: '0', source: 'json' }), 'End of file expected (code 0)').to.equal(true);
    expect(isSyntaxProblem({ code: '521' }), 'Comments are not permitted (no source)').to.equal(true);
    expect(isSyntaxProblem({ code: '0' }), 'a schema check').to.equal(false);
    expect(isSyntaxProblem({ code: '1', source: undefined }), 'an enum mismatch').to.equal(false);
    expect([257, '514', '528', { value: '516', target: 'x' }].map(isSyntaxCode)).to.deep.equal([true, true, true, true]);
    expect([0, '1', '2', '768', 'json', undefined, '0x201'].map(isSyntaxCode)).to.deep.equal([false, false, false, false, false, false, false]);
  });
});

describe('studio: the path graph keeps the authored order', () => {
  // elkjs's in-process build (the studio runs it in a worker); CommonJS, so its class is `default` under ESM interop.
  const ELK = ((elkBundled as unknown as { default?: unknown }).default ?? elkBundled) as new () => LayoutEngine;
  // Widths from the number of characters: the order does not depend on the font.
  const measure = (text: string, font: 'title' | 'detail') => text.length * (font === 'title' ? 7.5 : 6.2);

  // QA: the blank template's review drew its five questions as First, Fourth, Third, Fifth, Second.
  it('lists the questions a rule may pick top to bottom as the draft lists them', async function () {
    this.timeout(60_000);
    const layout = await layoutGraph(buildGraph(templateDraft('blank')), measure, new ELK());
    const questions = layout.nodes.filter((n) => n.node.kind === 'activity' && n.node.label.endsWith(' check'));
    expect(new Set(questions.map((n) => n.x)).size, 'one column').to.equal(1);
    expect(questions.sort((a, b) => a.y - b.y).map((n) => n.node.label)).to.deep.equal(['First check', 'Second check', 'Third check', 'Fourth check', 'Fifth check']);
  });
});

describe('studio: a whole item added or removed, in a diff', () => {
  // QA: an added activity was one line of raw JSON.
  it('names an added activity by itself, with its key fields and its JSON pretty-printed', () => {
    const activity = { id: 'extra-reading', kind: 'reading', title: 'Extra reading', objectives: ['equivalent', 'compare'], body: 'More about **fractions**.\n\nTwo paragraphs.' };
    const summary = itemSummary('/activities/0', activity)!;
    expect(summary.heading).to.equal('Activity “extra-reading”: Extra reading');
    expect(summary.facts).to.deep.equal([
      { label: 'Kind', value: 'reading' },
      { label: 'Objectives', value: 'equivalent, compare' },
      { label: 'Text', value: 'More about **fractions**. Two paragraphs.' },
    ]);
    expect(summary.json).to.equal(JSON.stringify(activity, null, 2));
    expect(summary.json.split('\n').length).to.be.greaterThan(5);
  });

  it('says what a removed rule did, and what a question and a choice are', () => {
    const rule = { id: 'fix-add', priority: 40, when: { fact: 'streak', path: 'incorrect', operator: 'greaterThanInclusive', value: 2 }, then: { type: 'goTo', activity: 'read-add' } };
    expect(itemSummary('/rules/3', rule)).to.deep.include({
      heading: 'Rule “fix-add”',
      facts: [
        { label: 'Priority', value: '40' },
        { label: 'When', value: 'streak.incorrect ≥ 2' },
        { label: 'Then', value: 'go to read-add' },
      ],
    });
    const question = { id: 'q1', kind: 'singleChoice', title: 'Pick one', prompt: 'Which is bigger?', choices: [{ id: 'a', text: '1/2', correct: true }, { id: 'b', text: '1/3' }] };
    expect(itemSummary('/activities/4', question)!.facts).to.deep.include({ label: 'Choices', value: '2, 1 correct' });
    expect(itemSummary('/activities/4/choices/1', { id: 'b', text: '1/3', feedback: 'Smaller pieces.' })).to.deep.include({
      heading: 'Choice “b”',
      facts: [
        { label: 'Text', value: '1/3' },
        { label: 'Correct', value: 'no' },
        { label: 'Feedback', value: 'Smaller pieces.' },
      ],
    });
  });

  it('leaves plain values to the before/after lines, and names an object field by its key', () => {
    expect(itemSummary('/title', 'New title')).to.equal(null);
    expect(itemSummary('/activities/2/objectives/0', 'equivalent')).to.equal(null);
    expect(itemSummary('/completion', { maxSteps: 40, allObjectivesMastered: true })).to.deep.include({
      heading: 'completion',
      facts: [
        { label: 'maxSteps', value: '40' },
        { label: 'allObjectivesMastered', value: 'true' },
      ],
    });
  });
});
