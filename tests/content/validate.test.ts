import { expect } from 'chai';
import { validateSequence } from '../../server/content/validate.js';
import fractions from '../../server/content/samples/fractions.json' with { type: 'json' };
import { baseDoc } from '../engine/support/fixtures.js';

function issues(doc: unknown) {
  const result = validateSequence(doc);
  expect(result.ok).to.equal(false);
  return result.issues.map((i) => ({ path: i.path, message: i.message, code: i.code }));
}

/** The schema's own issues: lint issues of the rest of the document come after them. */
function schemaOnly(doc: unknown) {
  return issues(doc).filter((i) => i.code.startsWith('schema.'));
}

function mutate(change: (doc: Record<string, any>) => void): unknown {
  // Fixtures are typed documents; these tests break them on purpose.
  const doc = structuredClone(baseDoc()) as Record<string, any>;
  change(doc);
  return doc;
}

describe('validateSequence: schema errors', () => {
  it('accepts the base fixture', () => {
    const result = validateSequence(baseDoc());
    expect(result.ok, JSON.stringify(result.issues)).to.equal(true);
  });

  it('reports missing properties on the object that lacks them', () => {
    expect(issues(mutate((d) => delete d.activities[6].body))).to.deep.include({
      path: '/activities/6',
      message: "missing required property 'body'",
      code: 'schema.required',
    });
    expect(issues({})).to.deep.include({ path: '', message: "missing required property 'id'", code: 'schema.required' });
  });

  it('points at unknown properties and suggests the intended one', () => {
    expect(schemaOnly(mutate((d) => (d.objectives[0].masteryTreshold = 0.9)))).to.deep.equal([
      { path: '/objectives/0/masteryTreshold', message: "unknown property 'masteryTreshold'; did you mean 'masteryThreshold'?", code: 'schema.additionalProperties' },
    ]);
  });

  it('lists allowed values for enums, with a suggestion', () => {
    const [issue] = issues(mutate((d) => (d.activities[6].kind = 'readin')));
    expect(issue?.path).to.equal('/activities/6/kind');
    expect(issue?.message).to.match(/^must be one of: "singleChoice", .*; did you mean 'reading'\?$/);
  });

  it('checks each kind’s own properties', () => {
    expect(issues(mutate((d) => (d.activities[2].answer = 3)))).to.deep.include({
      path: '/activities/2/answer',
      message: "unknown property 'answer'",
      code: 'schema.additionalProperties',
    });
  });

  it('lets numeric questions, and only them, opt in to saying too high or too low', () => {
    const numeric = mutate((d) => (d.activities[4].revealDirection = true));
    expect(validateSequence(numeric).ok, 'a numeric question').to.equal(true);
    expect(issues(mutate((d) => (d.activities[4].revealDirection = 'yes')))).to.deep.include({ path: '/activities/4/revealDirection', message: 'must be a boolean', code: 'schema.type' });
    expect(issues(mutate((d) => (d.activities[5].revealDirection = true)))).to.deep.include({
      path: '/activities/5/revealDirection',
      message: "unknown property 'revealDirection'",
      code: 'schema.additionalProperties',
    });
  });

  it('checks conditions deep in the tree, with their paths', () => {
    const doc = mutate((d) => {
      d.rules.unshift({ id: 'r', priority: 1, when: { all: [{ any: [{ fact: 'mastery', operator: 'equal', value: 1 }] }] }, then: { type: 'goTo', activity: 'q1' } });
    });
    expect(issues(doc)).to.deep.include({ path: '/rules/0/when/all/0/any/0', message: "missing required property 'path'", code: 'schema.required' });
    const badOperator = mutate((d) => {
      d.rules.unshift({ id: 'r', priority: 1, when: { fact: 'stepCount', operator: 'greaterThen', value: 1 }, then: { type: 'complete' } });
    });
    const [issue] = issues(badOperator);
    expect(issue?.path).to.equal('/rules/0/when/operator');
    expect(issue?.message).to.contain("did you mean 'greaterThan'?");
  });

  it('summarizes an invalid condition value in one message', () => {
    const doc = mutate((d) => {
      d.rules.unshift({ id: 'r', priority: 1, when: { fact: 'stepCount', operator: 'equal', value: { x: 1 } }, then: { type: 'complete' } });
    });
    expect(schemaOnly(doc)).to.deep.equal([
      {
        path: '/rules/0/when/value',
        message: 'must be a string, number, boolean, null, an array of those, or a fact reference { "fact": ..., "path"?: ... }',
        code: 'schema.anyOf',
      },
    ]);
  });

  it('forbids when and priority on the default rule and requires them elsewhere', () => {
    const doc = mutate((d) => {
      d.rules[0].priority = 3;
      d.rules.push({ id: 'x', then: { type: 'complete' } });
    });
    expect(schemaOnly(doc)).to.deep.equal([
      { path: '/rules/0/priority', message: "property 'priority' is not allowed here", code: 'schema.false schema' },
      { path: '/rules/1', message: "missing required property 'priority'", code: 'schema.required' },
      { path: '/rules/1', message: "missing required property 'when'", code: 'schema.required' },
    ]);
  });

  it('explains invalid ids, types, bounds and formats', () => {
    expect(issues(mutate((d) => (d.objectives[0].id = '1st')))[0]?.message).to.match(/^"1st" is not a valid id: start with a letter/);
    expect(issues(mutate((d) => (d.title = 5)))).to.deep.include({ path: '/title', message: 'must be a string', code: 'schema.type' });
    expect(issues(mutate((d) => (d.objectives[0].bkt = { guess: 0.7 })))[0]).to.include({ path: '/objectives/0/bkt/guess', code: 'schema.maximum' });
    expect(issues(mutate((d) => (d.activities[7].url = 'http://exa mple.com/a b')))[0]).to.include({ path: '/activities/7/url', code: 'schema.format' });
  });

  it('restricts a modality survey question to modalities and one answer', () => {
    const doc = mutate((d) => {
      d.activities[0].questions[2].options[0].value = 'smell';
      d.activities[0].questions[2].multiple = true;
    });
    const found = issues(doc).map((i) => i.path);
    expect(found).to.include('/activities/0/questions/2/options/0/value');
    expect(found).to.include('/activities/0/questions/2/multiple');
  });

  it('returns lint errors once the shape is right', () => {
    const result = validateSequence(mutate((d) => (d.rules[0].then = { type: 'goTo', activity: 'nope' })));
    expect(result.ok).to.equal(false);
    expect(result.issues[0]).to.deep.include({ path: '/rules/0/then/activity', code: 'unknown-activity' });
  });
});

describe('validateSequence: lint alongside schema errors', () => {
  // The sample sequence the studio's template starts from, with the QA report's mistakes.
  const sample = () => structuredClone(fractions) as Record<string, any>;
  function schemaBroken(): Record<string, any> {
    const d = sample();
    d.objectives[0].masteryThreshold = 'high';
    delete d.activities[25].title;
    return d;
  }
  // Found by shape, not index, so the test outlives edits to the sample's rules.
  const goToRule = fractions.rules.findIndex((r: any) => typeof r.then?.activity === 'string');
  const objectiveRule = fractions.rules.findIndex((r: any) => typeof r.then?.objective === 'string');
  function lintBroken(d: Record<string, any>): Record<string, any> {
    d.rules[goToRule].then.activity = 'read-addd';
    d.rules[objectiveRule].then.objective = 'equivalnt';
    d.activities[21].objectives = ['nope-obj'];
    d.activities[22].id = 'read-compare';
    return d;
  }

  it('reports the reference checks in the same round as the schema errors', () => {
    const oneRound = validateSequence(lintBroken(schemaBroken())).issues;
    const schema = oneRound.filter((i) => i.code.startsWith('schema.'));
    expect(schema.map((i) => i.path)).to.have.members(['/objectives/0/masteryThreshold', '/activities/25']);
    // What the designer would see after fixing the schema errors is already there.
    const afterFixing = validateSequence(lintBroken(sample())).issues;
    expect(afterFixing.map((i) => i.code)).to.include.members(['unknown-activity', 'unknown-objective', 'duplicate-id']);
    expect(oneRound.filter((i) => !i.code.startsWith('schema.'))).to.deep.equal(afterFixing);
  });

  it('does not repeat what the schema said about the same value', () => {
    const d = sample();
    d.rules[goToRule].then.activity = 5;
    d.activities[5].kind = 'singleChoise';
    const found = validateSequence(d).issues;
    expect(found.filter((i) => i.path === `/rules/${goToRule}/then/activity`).map((i) => i.code)).to.deep.equal(['schema.type']);
    expect(found.filter((i) => i.path.startsWith('/activities/5/')).every((i) => i.code.startsWith('schema.'))).to.equal(true);
  });

  it('never throws on malformed parts, and still checks the parts it can read', () => {
    const shapes: unknown[] = [null, 5, 'x', [], {}, { id: 3 }, { then: 'x' }, { when: 3, then: {} }, { id: 'a', kind: 'singleChoice', choices: 'x', objectives: 'y' }];
    for (const shape of shapes) {
      for (const key of ['objectives', 'misconceptions', 'activities', 'rules', 'start', 'completion']) {
        const d = lintBroken(sample());
        if (Array.isArray(d[key])) d[key].push(shape);
        else d[key] = shape;
        const result = validateSequence(d);
        expect(result.ok).to.equal(false);
        expect(result.issues.some((i) => i.code === 'unknown-objective'), `${key} = ${JSON.stringify(shape)}`).to.equal(true);
      }
      expect(() => validateSequence({ ...sample(), rules: shape, activities: shape, objectives: shape })).to.not.throw();
    }
  });
});
