/**
 * Bringing an archived sequence back: archived sequences are listed apart
 * from the library, and restoring one puts it back in the library and in
 * Deep Linking's list to place from, as it was; only within its platform.
 */
import { expect } from 'chai';
import { deepLinkingSession, placementPage } from './support/deep-linking.js';
import { createSequence, LEARNER, launchedToken, otherPlatformToken, studioApi, useStudio, type Api } from './support/studio.js';

const ids = (res: { body: { sequences: Array<{ id: string }> } }) => res.body.sequences.map((s) => s.id);

/** A published sequence nobody uses, archived by deleting it from the library. */
async function archivedSequence(api: Api, title: string) {
  const sequence = await createSequence(api, { title, template: 'fractions' });
  await api.post(`/sequences/${sequence.id}/publish`).expect(201);
  await api.delete(`/sequences/${sequence.id}`).expect(200);
  return sequence;
}

describe('studio API: restoring an archived sequence', function () {
  this.timeout(60_000);
  const ctx = useStudio();

  it('lists archived sequences apart from the library, most recently archived first, and searchable', async () => {
    const first = await archivedSequence(ctx.api, 'Archived first');
    const second = await archivedSequence(ctx.api, 'Archived second');
    const archived = await ctx.api.get('/sequences?archived=true').expect(200);
    expect(ids(archived).slice(0, 2)).to.deep.equal([second.id, first.id]);
    expect(archived.body.sequences[0]).to.include({ id: second.id, title: 'Archived second', latestVersion: 1 });
    expect(archived.body.sequences[0].archivedAt).to.be.a('number');
    expect(ids(await ctx.api.get('/sequences').expect(200))).to.not.include.members([first.id, second.id]);
    expect(ids(await ctx.api.get('/sequences?archived=true&q=first').expect(200))).to.deep.equal([first.id]);
    expect(ids(await ctx.api.get('/sequences?archived=false&q=first').expect(200))).to.deep.equal([]);
  });

  it('restores one into the library as it was; restoring it again changes nothing', async () => {
    const sequence = await archivedSequence(ctx.api, 'Archived by mistake');
    await ctx.api.get(`/sequences/${sequence.id}`).expect(404);

    const restored = await ctx.api.post(`/sequences/${sequence.id}/restore`).expect(200);
    expect(restored.body).to.deep.equal({ sequence: { id: sequence.id, title: 'Archived by mistake', updatedAt: sequence.updatedAt, latestVersion: 1 } });
    expect(ids(await ctx.api.get('/sequences').expect(200))).to.include(sequence.id);
    expect(ids(await ctx.api.get('/sequences?archived=true').expect(200))).to.not.include(sequence.id);
    const reopened = await ctx.api.get(`/sequences/${sequence.id}`).expect(200);
    expect(reopened.body.sequence.draft).to.deep.equal(sequence.draft);
    expect(reopened.body.versions).to.have.length(1);

    expect((await ctx.api.post(`/sequences/${sequence.id}/restore`).expect(200)).body).to.deep.equal(restored.body);
    // Editable again: a save based on the copy from before archiving is not a conflict.
    await ctx.api.put(`/sequences/${sequence.id}`, { title: 'Back again', draft: sequence.draft, baseUpdatedAt: sequence.updatedAt }).expect(200);
  });

  it('answers 404 SEQUENCE_NOT_FOUND for an unknown id, and 400 for an archived flag that is not true or false', async () => {
    const missing = await ctx.api.post('/sequences/no-such-sequence/restore').expect(404);
    expect(missing.body.error.code).to.equal('SEQUENCE_NOT_FOUND');
    const bad = await ctx.api.get('/sequences?archived=yes').expect(400);
    expect(bad.body.error.details).to.deep.equal([{ path: '/archived', message: 'must be true or false' }]);
  });

  it('refuses learners (403) and another school (404, as if the sequence did not exist)', async () => {
    const sequence = await archivedSequence(ctx.api, 'Rivera archived plan');
    const learner = studioApi(ctx.tool, await launchedToken(ctx.tool, LEARNER));
    expect((await learner.post(`/sequences/${sequence.id}/restore`).expect(403)).body.error.code).to.equal('ROLE_FORBIDDEN');
    expect((await learner.get('/sequences?archived=true').expect(403)).body.error.code).to.equal('ROLE_FORBIDDEN');

    const other = studioApi(ctx.tool, (await otherPlatformToken(ctx.tool, ['instructor', 'admin'])).token);
    expect((await other.post(`/sequences/${sequence.id}/restore`).expect(404)).body.error.code).to.equal('SEQUENCE_NOT_FOUND');
    expect(ids(await other.get('/sequences?archived=true').expect(200))).to.deep.equal([]);
    expect(ids(await ctx.api.get('/sequences?archived=true').expect(200))).to.include(sequence.id);
    await ctx.api.get(`/sequences/${sequence.id}`).expect(404);
  });

  it('takes an archived sequence out of Deep Linking’s list to place from, and puts a restored one back', async () => {
    const sequence = await createSequence(ctx.api, { title: 'Placeable then archived', template: 'fractions' });
    await ctx.api.post(`/sequences/${sequence.id}/publish`).expect(201);
    const token = await deepLinkingSession(ctx.tool, {});
    const offered = async () => (await placementPage(ctx.tool, token, 'placeable then archived')).body.includes(`value="${sequence.id}"`);
    expect(await offered()).to.equal(true);
    await ctx.api.delete(`/sequences/${sequence.id}`).expect(200);
    expect(await offered()).to.equal(false);
    await ctx.api.post(`/sequences/${sequence.id}/restore`).expect(200);
    expect(await offered()).to.equal(true);
  });
});
