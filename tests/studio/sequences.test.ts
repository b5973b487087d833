import { expect } from 'chai';
import { templateDraft } from '../../server/studio/sequences/templates.js';
import { deadEndDoc } from './support/fixtures.js';
import { createSequence, useStudio } from './support/studio.js';

describe('studio API: sequences', function () {
  this.timeout(60_000);
  const ctx = useStudio();

  describe('create', () => {
    it('creates from a template with an id that is a slug of the title plus a suffix, and draft.id equal to it', async () => {
      const res = await ctx.api.post('/sequences', { title: 'Fractions — Période 2', template: 'fractions' }).expect(201);
      const { sequence } = res.body;
      expect(sequence.id).to.match(/^fractions-periode-2-[a-z2-9]{6}$/);
      expect(sequence.draft.id).to.equal(sequence.id);
      expect(sequence.draft.title).to.equal('Fractions — Période 2');
      expect(sequence.draft.activities).to.have.length(29);
      expect(sequence.draft).to.not.have.property('$schema');
      expect(sequence).to.include.keys('updatedAt', 'createdAt', 'title');
      expect(sequence).to.not.have.property('platformId');
    });

    it('starts blank by default with a draft that already validates', async () => {
      const sequence = await createSequence(ctx.api, { title: '2024: new unit' });
      expect(sequence.id).to.match(/^sequence-2024-new-unit-/);
      const lint = await ctx.api.post('/lint', { draft: sequence.draft, sequenceId: sequence.id }).expect(200);
      expect(lint.body.issues).to.deep.equal([]);
    });

    it('imports a draft, keeping its content but giving it the new identity', async () => {
      const sequence = await createSequence(ctx.api, { title: 'Imported', draft: deadEndDoc('whatever-it-was') });
      expect(sequence.draft.id).to.equal(sequence.id);
      expect(sequence.draft.rules).to.deep.equal(deadEndDoc().rules);
    });

    it('duplicates a sequence of the same platform', async () => {
      const original = await createSequence(ctx.api);
      const copy = await createSequence(ctx.api, { title: 'Copy of fractions', duplicateOf: original.id });
      expect(copy.id).to.not.equal(original.id);
      expect(copy.draft.activities).to.deep.equal(original.draft.activities);
      await ctx.api.post('/sequences', { title: 'Copy of nothing', duplicateOf: 'no-such-sequence' }).expect(404);
    });

    it('refuses bad bodies with 400 and the paths at fault, never a 500', async () => {
      const cases: Array<[unknown, string[]]> = [
        [{}, ['/title']],
        [{ title: '' }, ['/title']],
        [{ title: '   ' }, ['/title']],
        [{ title: 'x', template: 'chemistry' }, ['/template']],
        [{ title: 'x', draft: [] }, ['/draft']],
        [{ title: 'x', color: 'blue' }, ['/color']],
        [{ title: 'x', template: 'blank', draft: {} }, ['/template', '/draft']],
        [{ title: 42 }, ['/title']],
      ];
      for (const [body, paths] of cases) {
        const res = await ctx.api.post('/sequences', body);
        expect(res.status, JSON.stringify(body)).to.equal(400);
        expect(res.body.error.code).to.equal('BAD_REQUEST');
        expect(res.body.error.details.map((d: { path: string }) => d.path)).to.include.members(paths);
      }
    });

    it('answers malformed JSON with 400 MALFORMED_JSON and an oversized body with 413', async () => {
      const malformed = await ctx.api.post('/sequences').set('Content-Type', 'application/json').send('{"title": "x",');
      expect(malformed.status).to.equal(400);
      expect(malformed.body.error.code).to.equal('MALFORMED_JSON');
      const huge = { title: 'Huge', draft: { ...deadEndDoc(), description: 'x'.repeat(1_100_000) } };
      const res = await ctx.api.post('/sequences', huge);
      expect(res.status).to.equal(413);
      expect(res.body.error.code).to.equal('PAYLOAD_TOO_LARGE');
    });
  });

  describe('list, read, save, delete', () => {
    it('lists sequences with their latest version, newest first, and filters by q', async () => {
      const mine = await createSequence(ctx.api, { title: 'Zebra crossings', template: 'blank' });
      const all = await ctx.api.get('/sequences').expect(200);
      const entry = all.body.sequences.find((s: { id: string }) => s.id === mine.id);
      expect(entry).to.deep.equal({ id: mine.id, title: 'Zebra crossings', updatedAt: mine.updatedAt, latestVersion: null });
      // The built-in LMS's tenant is seeded with the published samples.
      expect(all.body.sequences.find((s: { id: string }) => s.id === 'fractions-grade6')?.latestVersion).to.be.a('number');
      const filtered = await ctx.api.get('/sequences?q=ZEBRA').expect(200);
      expect(filtered.body.sequences.map((s: { id: string }) => s.id)).to.deep.equal([mine.id]);
    });

    it('reads a sequence with its versions', async () => {
      const sequence = await createSequence(ctx.api);
      const res = await ctx.api.get(`/sequences/${sequence.id}`).expect(200);
      expect(res.body.sequence).to.include({ id: sequence.id, title: sequence.title });
      expect(res.body.versions).to.deep.equal([]);
      await ctx.api.get('/sequences/does-not-exist').expect(404);
    });

    it('saves an invalid draft (work in progress) and returns its issues', async () => {
      const sequence = await createSequence(ctx.api);
      const draft = { ...sequence.draft, rules: [] };
      const res = await ctx.api.put(`/sequences/${sequence.id}`, { title: 'Renamed', draft, baseUpdatedAt: sequence.updatedAt }).expect(200);
      expect(res.body.sequence.title).to.equal('Renamed');
      expect(res.body.sequence.draft.rules).to.deep.equal([]);
      expect(res.body.sequence.updatedAt).to.be.greaterThan(sequence.updatedAt);
      expect(res.body.issues.some((i: { severity: string; path: string }) => i.severity === 'error' && i.path === '/rules')).to.equal(true);
      const reread = await ctx.api.get(`/sequences/${sequence.id}`).expect(200);
      expect(reread.body.sequence.draft.rules).to.deep.equal([]);
    });

    it('saves a draft whose title is too long, lists the problem, and keeps saving later edits', async () => {
      const sequence = await createSequence(ctx.api);
      const long = 'T'.repeat(250);
      const draft = { ...sequence.draft, title: long, description: 'changed' };
      const res = await ctx.api.put(`/sequences/${sequence.id}`, { title: long, draft, baseUpdatedAt: sequence.updatedAt }).expect(200);
      expect(res.body.sequence.draft.title, 'the draft keeps what was typed').to.equal(long);
      expect([...res.body.sequence.title as string]).to.have.length(200);
      expect(res.body.issues).to.deep.include({ severity: 'error', path: '/title', code: 'schema.maxLength', message: 'must NOT have more than 200 characters' });
      const again = await ctx.api
        .put(`/sequences/${sequence.id}`, { title: long, draft: { ...draft, description: 'again' }, baseUpdatedAt: res.body.sequence.updatedAt })
        .expect(200);
      expect(again.body.sequence.draft.description).to.equal('again');
    });

    it('reports a draft whose id is not the sequence id', async () => {
      const sequence = await createSequence(ctx.api);
      const res = await ctx.api.put(`/sequences/${sequence.id}`, { title: 't', draft: { ...sequence.draft, id: 'renamed' }, baseUpdatedAt: sequence.updatedAt }).expect(200);
      expect(res.body.issues[0]).to.include({ code: 'sequence-id', path: '/id', severity: 'error' });
    });

    it('refuses a save based on a stale copy with 409 and what is stored now', async () => {
      const sequence = await createSequence(ctx.api);
      const first = await ctx.api.put(`/sequences/${sequence.id}`, { title: 'Mine', draft: sequence.draft, baseUpdatedAt: sequence.updatedAt }).expect(200);
      const stale = await ctx.api.put(`/sequences/${sequence.id}`, { title: 'Theirs', draft: sequence.draft, baseUpdatedAt: sequence.updatedAt });
      expect(stale.status).to.equal(409);
      expect(stale.body.error.code).to.equal('SAVE_CONFLICT');
      expect(stale.body.current).to.deep.equal({ title: 'Mine', updatedAt: first.body.sequence.updatedAt });
      const stored = await ctx.api.get(`/sequences/${sequence.id}`).expect(200);
      expect(stored.body.sequence.title).to.equal('Mine');
    });

    it('lets exactly one of two simultaneous saves from the same base win', async () => {
      const sequence = await createSequence(ctx.api);
      const save = (title: string) => ctx.api.put(`/sequences/${sequence.id}`, { title, draft: sequence.draft, baseUpdatedAt: sequence.updatedAt });
      const results = await Promise.all([save('A'), save('B'), save('C')]);
      expect(results.map((r) => r.status).sort()).to.deep.equal([200, 409, 409]);
    });

    it('validates save bodies', async () => {
      const sequence = await createSequence(ctx.api);
      const res = await ctx.api.put(`/sequences/${sequence.id}`, { title: 'x', draft: 'not an object', baseUpdatedAt: -1 }).expect(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).to.include.members(['/draft', '/baseUpdatedAt']);
      const missing = await ctx.api.put(`/sequences/${sequence.id}`, { title: 'x' }).expect(400);
      expect(missing.body.error.details.map((d: { path: string }) => d.path)).to.include.members(['/draft', '/baseUpdatedAt']);
    });

    it('deletes a sequence (204), after which it is gone', async () => {
      const sequence = await createSequence(ctx.api);
      await ctx.api.delete(`/sequences/${sequence.id}`).expect(204);
      await ctx.api.get(`/sequences/${sequence.id}`).expect(404);
      await ctx.api.delete(`/sequences/${sequence.id}`).expect(404);
    });
  });

  describe('lint', () => {
    it('returns the issues of any draft, the same check that gates publishing', async () => {
      const ok = await ctx.api.post('/lint', { draft: templateDraft('blank') }).expect(200);
      expect(ok.body.issues).to.deep.equal([]);
      const bad = await ctx.api.post('/lint', { draft: { ...deadEndDoc(), rules: [] } }).expect(200);
      expect(bad.body.issues.some((i: { severity: string }) => i.severity === 'error')).to.equal(true);
      const notObject = await ctx.api.post('/lint', { draft: 'text' }).expect(200);
      expect(notObject.body.issues[0]).to.include({ path: '', severity: 'error' });
      await ctx.api.post('/lint', {}).expect(400);
    });

    it('warns, for the lint panel, of an objective too few questions can bring to mastery', async () => {
      const res = await ctx.api.post('/lint', { draft: deadEndDoc() }).expect(200);
      expect(res.body.issues).to.deep.equal([
        {
          severity: 'warning',
          path: '/objectives/0',
          code: 'mastery-out-of-reach',
          message: "objective 'o1' needs 3 right first answers in a row to reach mastery (threshold 95%), but only 1 question assesses it. Add questions or lower the threshold.",
        },
      ]);
      const privacy = await ctx.api.post('/lint', { draft: templateDraft('data-privacy') }).expect(200);
      expect(privacy.body.issues).to.deep.equal([]);
    });

    it('answers unknown API paths with a JSON 404', async () => {
      const res = await ctx.api.get('/nothing-here').expect(404);
      expect(res.body.error.code).to.equal('NOT_FOUND');
    });
  });
});
