import { expect } from 'chai';
import { diffJson } from '../../server/studio/diff.js';
import type { Json } from '../../server/store/types.js';

/** "op path" of each change, for order-insensitive checks. */
function touches(changes: ReturnType<typeof diffJson>): string[] {
  return changes.map((c) => `${c.op} ${c.path}`);
}

describe('studio diff (JSON pointers)', () => {
  it('reports nothing for equal documents, whatever the key order', () => {
    expect(diffJson({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).to.deep.equal([]);
  });

  it('reports added, removed and replaced fields with before and after values', () => {
    const changes = diffJson({ title: 'Old', keep: true, gone: 3 }, { title: 'New', keep: true, fresh: { x: 1 } });
    expect(changes).to.deep.equal([
      { path: '/title', op: 'replace', before: 'Old', after: 'New' },
      { path: '/gone', op: 'remove', before: 3 },
      { path: '/fresh', op: 'add', after: { x: 1 } },
    ]);
  });

  it('aligns id-keyed arrays by id: an insertion at the top is one add, edits are field-level', () => {
    const before: Json = { activities: [{ id: 'a', title: 'A' }, { id: 'b', title: 'B' }] };
    const after: Json = { activities: [{ id: 'new', title: 'N' }, { id: 'a', title: 'A' }, { id: 'b', title: 'B2' }] };
    expect(diffJson(before, after)).to.deep.equal([
      { path: '/activities/0', op: 'add', after: { id: 'new', title: 'N' } },
      { path: '/activities/2/title', op: 'replace', before: 'B', after: 'B2' },
    ]);
  });

  it('reports a removed item at its index in the from document', () => {
    const changes = diffJson({ rules: [{ id: 'r1' }, { id: 'r2' }, { id: 'r3' }] }, { rules: [{ id: 'r1' }, { id: 'r3' }] });
    expect(changes).to.deep.equal([{ path: '/rules/1', op: 'remove', before: { id: 'r2' } }]);
  });

  it('reports a moved item as removed where it was and added where it is', () => {
    const changes = diffJson({ choices: [{ id: 'x' }, { id: 'y' }, { id: 'z' }] }, { choices: [{ id: 'z' }, { id: 'x' }, { id: 'y' }] });
    expect(touches(changes)).to.have.members(['add /choices/0', 'remove /choices/2']);
  });

  it('pairs a removal and an addition in a value array as a replace', () => {
    expect(diffJson({ tags: ['a', 'b', 'c'] }, { tags: ['a', 'B', 'c', 'd'] })).to.deep.equal([
      { path: '/tags/1', op: 'replace', before: 'b', after: 'B' },
      { path: '/tags/3', op: 'add', after: 'd' },
    ]);
  });

  it('replaces values of different types and escapes pointer tokens', () => {
    expect(diffJson({ 'a/b': 1, 'c~d': [1] }, { 'a/b': '1', 'c~d': { x: 1 } })).to.deep.equal([
      { path: '/a~1b', op: 'replace', before: 1, after: '1' },
      { path: '/c~0d', op: 'replace', before: [1], after: { x: 1 } },
    ]);
  });

  it('aligns arrays with duplicate ids by value instead', () => {
    const changes = diffJson([{ id: 'a', v: 1 }, { id: 'a', v: 2 }], [{ id: 'a', v: 1 }, { id: 'a', v: 3 }]);
    expect(changes).to.deep.equal([{ path: '/1/v', op: 'replace', before: 2, after: 3 }]);
  });
});
