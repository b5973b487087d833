/**
 * The studio places server issues (JSON pointers) on the editor's text as
 * Monaco ranges (1-based lines and columns). Pure code, tested in Node.
 */
import { expect } from 'chai';
import { formatPointer, LineIndex, locatePointer, parsePointer, pointerAt } from '../../studio/lib/json-pointer.js';
import { buildGraph } from '../../studio/lib/graph-model.js';
import { conditionSummary, describePointer } from '../../studio/lib/describe.js';
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
    expect(rules[0]?.label).to.equal('encourage');
    expect(rules.at(-1)?.isDefault).to.equal(true);
    // goTo, choice fan-out and complete.
    const edgesFrom = (id: string) => graph.edges.filter((e) => e.source === id);
    expect(edgesFrom(byLabel('add-across-text').id).map((e) => e.kind)).to.deep.equal(['outcome']);
    expect(edgesFrom(byLabel('compare-parts-choice').id).filter((e) => e.kind === 'choice')).to.have.length(4);
    expect(edgesFrom(byLabel('wrap-up').id)[0]?.target).to.equal('@end');
    // A rule on the activity being left gets an edge from it.
    const after = graph.edges.filter((e) => e.kind === 'after' && e.target === byLabel('low-confidence').id);
    expect(after).to.have.length(3);
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
    expect(describePointer(doc, '/rules/0/when')).to.equal('Rule “encourage” › when');
    expect(describePointer(doc, '')).to.equal('The whole sequence');
  });
});
