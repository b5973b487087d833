/** The schema is the source of truth; the engine's catalogs must say the same. */
import { expect } from 'chai';
import schema from '../../schemas/sequence.schema.json' with { type: 'json' };
import { FACT_NAMES, FACTS, OPERATOR_NAMES } from '../../server/engine/index.js';

const d = schema.definitions;

describe('schema and engine agree', () => {
  it('on facts and operators', () => {
    expect(d.factName.enum).to.have.members(FACT_NAMES);
    expect(d.factName.enumDescriptions).to.have.length(d.factName.enum.length);
    expect(d.operator.enum).to.have.members(OPERATOR_NAMES);
    expect(d.operator.enumDescriptions).to.have.length(d.operator.enum.length);
  });

  it('on the fields of field-path facts', () => {
    const branches = d.factCondition.allOf;
    for (const fact of ['lastResponse', 'streak', 'profile', 'selfReport'] as const) {
      const spec = FACTS[fact].path;
      if (spec.kind !== 'field') throw new Error(`${fact} should have fields`);
      const branch = branches.find((b) => (b.if.properties.fact as { const?: string }).const === fact);
      const pathEnum = (branch?.then as { properties?: { path?: { enum?: string[] } } }).properties?.path?.enum;
      expect(pathEnum, fact).to.have.members(Object.keys(spec.fields));
    }
  });

  it('on the action types and activity kinds it dispatches on', () => {
    expect(d.actionType.enum).to.have.members(d.action.allOf.map((b) => b.if.properties.type.const));
    expect(d.activity.properties.kind.enum).to.have.members(d.activity.allOf.map((b) => b.if.properties.kind.const));
  });

  it('is draft-07 with an $id', () => {
    expect(schema.$schema).to.equal('http://json-schema.org/draft-07/schema#');
    expect(schema.$id).to.be.a('string').and.not.equal('');
  });
});
