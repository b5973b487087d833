/**
 * Removing a sequence from the library: a draft is deleted; a published
 * sequence is archived, never deleted, because learners are pinned to its
 * versions; one in use is refused (409, naming where) until the designer
 * confirms archiving.
 */
import { expect } from 'chai';
import { Learner } from '../delivery/support/learner.js';
import { createSequence, useStudio } from './support/studio.js';

const PLACE = {
  contextTitle: 'Grade 7 Math — Fractions',
  resourceLinkTitle: 'Adding fractions with unlike denominators',
  label: 'Grade 7 Math — Fractions › Adding fractions with unlike denominators',
};

describe('studio API: removing a sequence', function () {
  this.timeout(60_000);
  const ctx = useStudio();

  it('deletes a sequence never published (204)', async () => {
    const sequence = await createSequence(ctx.api);
    expect((await ctx.api.get(`/sequences/${sequence.id}/usage`).expect(200)).body).to.deep.equal({ published: false, places: [] });
    await ctx.api.delete(`/sequences/${sequence.id}`).expect(204);
    await ctx.api.get(`/sequences/${sequence.id}`).expect(404);
  });

  it('archives a published sequence nobody uses, keeping its versions', async () => {
    const sequence = await createSequence(ctx.api);
    await ctx.api.post(`/sequences/${sequence.id}/publish`).expect(201);
    const res = await ctx.api.delete(`/sequences/${sequence.id}`).expect(200);
    expect(res.body).to.deep.equal({ archived: true, places: [] });
    const listed = (await ctx.api.get('/sequences').expect(200)).body.sequences.map((s: { id: string }) => s.id);
    expect(listed).to.not.include(sequence.id);
    await ctx.api.get(`/sequences/${sequence.id}`).expect(404);
    expect(await ctx.tool.store.selectSequenceVersion(sequence.id, 1)).to.not.equal(null);
  });

  it('refuses (409) to remove a sequence learners are on, naming the courses and links, until archiving is confirmed', async () => {
    const tomas = await Learner.launch(ctx.tool, 'learner-tomas');
    const usage = (await ctx.api.get('/sequences/fractions-grade6/usage').expect(200)).body;
    expect(usage).to.deep.equal({
      published: true,
      places: [{ contextId: 'grade7-math-fractions', resourceLinkId: 'link-fractions-add', ...PLACE, placed: true, learners: 1 }],
    });

    const refused = await ctx.api.delete('/sequences/fractions-grade6').expect(409);
    expect(refused.body.error.code).to.equal('SEQUENCE_IN_USE');
    expect(refused.body.error.message).to.include(PLACE.label).and.include('1 learner is on it');
    expect(refused.body.places).to.deep.equal(usage.places);
    expect((await ctx.api.get('/sequences').expect(200)).body.sequences.map((s: { id: string }) => s.id)).to.include('fractions-grade6');

    const archived = await ctx.api.delete('/sequences/fractions-grade6?archive=true').expect(200);
    expect(archived.body).to.deep.equal({ archived: true, places: usage.places });
    expect((await ctx.api.get('/sequences').expect(200)).body.sequences.map((s: { id: string }) => s.id)).to.not.include('fractions-grade6');
    // The learner carries on in the version they are pinned to, and a new learner of the link still starts it.
    const record = await tomas.record();
    expect(await ctx.tool.store.selectSequenceVersion(record.sequenceId, record.version)).to.not.equal(null);
    expect((await tomas.screen()).kind).to.not.equal('complete');
    const maya = await Learner.launch(ctx.tool, 'learner-maya');
    expect((await maya.record()).sequenceId).to.equal('fractions-grade6');
  });
});
