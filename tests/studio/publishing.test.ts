import { expect } from 'chai';
import { sessionIdFor } from '../../server/lti/session.js';
import { launchAs } from '../helpers/tool.js';
import type { Condition } from '../../server/engine/index.js';
import { fractionsWithCompareLoop } from '../engine/support/samples.js';
import { errorDoc, warningDoc } from './support/fixtures.js';
import { createSequence, useStudio } from './support/studio.js';

describe('studio API: publishing, versions and diff', function () {
  this.timeout(60_000);
  const ctx = useStudio();

  async function saved(id: string, title: string, draft: Record<string, unknown>) {
    const current = (await ctx.api.get(`/sequences/${id}`).expect(200)).body.sequence;
    return (await ctx.api.put(`/sequences/${id}`, { title, draft, baseUpdatedAt: current.updatedAt }).expect(200)).body;
  }

  describe('publish gating', () => {
    it('publishes a clean draft as version 1, then 2', async () => {
      const sequence = await createSequence(ctx.api);
      const v1 = await ctx.api.post(`/sequences/${sequence.id}/publish`).expect(201);
      expect(v1.body.version).to.equal(1);
      expect(v1.body.publishedAt).to.be.a('number');
      await saved(sequence.id, 'Fractions practice', { ...sequence.draft, description: 'Second edition' });
      const v2 = await ctx.api.post(`/sequences/${sequence.id}/publish`, {}).expect(201);
      expect(v2.body.version).to.equal(2);
      const read = await ctx.api.get(`/sequences/${sequence.id}`).expect(200);
      expect(read.body.versions.map((v: { version: number }) => v.version)).to.deep.equal([1, 2]);
      const listed = (await ctx.api.get('/sequences').expect(200)).body.sequences.find((s: { id: string }) => s.id === sequence.id);
      expect(listed.latestVersion).to.equal(2);
    });

    it('refuses to publish a draft equal to the latest version, even with its keys reordered', async () => {
      const sequence = await createSequence(ctx.api);
      await ctx.api.post(`/sequences/${sequence.id}/publish`).expect(201);
      const reordered = Object.fromEntries(Object.entries(sequence.draft).reverse());
      await saved(sequence.id, sequence.title, reordered);
      const res = await ctx.api.post(`/sequences/${sequence.id}/publish`, { confirmWarnings: true }).expect(409);
      expect(res.body.error).to.include({ code: 'NOTHING_CHANGED', message: 'Nothing has changed since version 1.' });
      expect(res.body.latestVersion).to.equal(1);
      expect((await ctx.api.get(`/sequences/${sequence.id}`).expect(200)).body.versions).to.have.length(1);
      await saved(sequence.id, sequence.title, { ...sequence.draft, description: 'Changed' });
      expect((await ctx.api.post(`/sequences/${sequence.id}/publish`).expect(201)).body.version).to.equal(2);
    });

    it('blocks a draft with errors: 422 with the issues, and no version', async () => {
      const sequence = await createSequence(ctx.api, { title: 'Broken', draft: errorDoc() });
      const res = await ctx.api.post(`/sequences/${sequence.id}/publish`, { confirmWarnings: true }).expect(422);
      expect(res.body.error.code).to.equal('PUBLISH_BLOCKED');
      expect(res.body.issues.find((i: { code: string }) => i.code === 'unknown-activity')).to.include({ path: '/rules/1/then/activity', severity: 'error' });
      // The same issues as the lint endpoint gives for this draft and sequence.
      const lint = await ctx.api.post('/lint', { draft: sequence.draft, sequenceId: sequence.id }).expect(200);
      expect(res.body.issues).to.deep.equal(lint.body.issues);
      expect((await ctx.api.get(`/sequences/${sequence.id}`).expect(200)).body.versions).to.deep.equal([]);
    });

    it('blocks a draft whose id is not its sequence’s', async () => {
      const sequence = await createSequence(ctx.api);
      await saved(sequence.id, 'Renamed id', { ...sequence.draft, id: 'something-else' });
      const res = await ctx.api.post(`/sequences/${sequence.id}/publish`).expect(422);
      expect(res.body.issues[0]).to.include({ code: 'sequence-id' });
    });

    it('needs confirmation for warnings: 409 with the issues, then 201 with confirmWarnings', async () => {
      const sequence = await createSequence(ctx.api, { title: 'Warned', draft: warningDoc() });
      const first = await ctx.api.post(`/sequences/${sequence.id}/publish`).expect(409);
      expect(first.body.error.code).to.equal('PUBLISH_NEEDS_CONFIRMATION');
      // The lint's warnings, then the trial run's: the dead end sends everyone back to the reading until the path stalls.
      expect(first.body.issues.map((i: { severity: string; path: string; code: string }) => [i.severity, i.path, i.code])).to.deep.equal([
        ['warning', '/activities/2', 'question-without-objective'],
        ['warning', '/objectives/0', 'mastery-out-of-reach'],
        ['warning', '/rules/2', 'simulated-loop'],
        ['warning', '', 'simulated-stalls'],
      ]);
      await ctx.api.post(`/sequences/${sequence.id}/publish`, { confirmWarnings: false }).expect(409);
      const confirmed = await ctx.api.post(`/sequences/${sequence.id}/publish`, { confirmWarnings: true }).expect(201);
      expect(confirmed.body.version).to.equal(1);
    });

    it('validates the publish body', async () => {
      const sequence = await createSequence(ctx.api);
      const res = await ctx.api.post(`/sequences/${sequence.id}/publish`, { confirmWarnings: 'yes' }).expect(400);
      expect(res.body.error.details[0].path).to.equal('/confirmWarnings');
      const stamp = await ctx.api.post(`/sequences/${sequence.id}/publish`, { baseUpdatedAt: 'today' }).expect(400);
      expect(stamp.body.error.details[0].path).to.equal('/baseUpdatedAt');
    });
  });

  describe('publish check: what publishing would do, answered 200', () => {
    const check = async (id: string) => (await ctx.api.get(`/sequences/${id}/publish-check`).expect(200)).body;

    it('says a clean draft is ready; publishing that draft gives version 1, after which nothing has changed', async () => {
      const sequence = await createSequence(ctx.api);
      const ready = await check(sequence.id);
      expect(ready).to.deep.equal({ outcome: 'ready', issues: [], updatedAt: sequence.updatedAt, latestVersion: null });
      const v1 = await ctx.api.post(`/sequences/${sequence.id}/publish`, { baseUpdatedAt: ready.updatedAt }).expect(201);
      expect(v1.body.version).to.equal(1);
      expect(await check(sequence.id)).to.deep.equal({ outcome: 'nothing-changed', issues: [], updatedAt: sequence.updatedAt, latestVersion: 1 });
    });

    it('lists the warnings to confirm, where publishing would answer 409; confirming publishes the checked draft', async () => {
      const sequence = await createSequence(ctx.api, { title: 'Warned', draft: warningDoc() });
      const warned = await check(sequence.id);
      expect(warned.outcome).to.equal('needs-confirmation');
      expect(warned.issues.map((i: { severity: string; code: string }) => `${i.severity} ${i.code}`)).to.deep.equal([
        'warning question-without-objective',
        'warning mastery-out-of-reach',
        'warning simulated-loop',
        'warning simulated-stalls',
      ]);
      const published = await ctx.api.post(`/sequences/${sequence.id}/publish`, { confirmWarnings: true, baseUpdatedAt: warned.updatedAt }).expect(201);
      expect(published.body.version).to.equal(1);
    });

    it('says a draft with errors is blocked, with the issues the lint endpoint gives', async () => {
      const sequence = await createSequence(ctx.api, { title: 'Broken', draft: errorDoc() });
      const blocked = await check(sequence.id);
      expect(blocked.outcome).to.equal('blocked');
      const lint = await ctx.api.post('/lint', { draft: sequence.draft, sequenceId: sequence.id }).expect(200);
      expect(blocked.issues).to.deep.equal(lint.body.issues);
      expect((await ctx.api.get(`/sequences/${sequence.id}`).expect(200)).body.versions).to.deep.equal([]);
    });

    it('refuses to publish a draft saved after it was checked: 409 DRAFT_CHANGED, and no version', async () => {
      const sequence = await createSequence(ctx.api, { title: 'Warned', draft: warningDoc() });
      const reviewed = await check(sequence.id);
      const resaved = await saved(sequence.id, 'Warned', { ...sequence.draft, description: 'Changed in another tab' });
      const res = await ctx.api.post(`/sequences/${sequence.id}/publish`, { confirmWarnings: true, baseUpdatedAt: reviewed.updatedAt }).expect(409);
      expect(res.body.error.code).to.equal('DRAFT_CHANGED');
      expect(res.body.current).to.deep.equal({ updatedAt: resaved.sequence.updatedAt });
      expect((await ctx.api.get(`/sequences/${sequence.id}`).expect(200)).body.versions).to.deep.equal([]);
      const again = await check(sequence.id);
      expect(again.updatedAt).to.equal(resaved.sequence.updatedAt);
      await ctx.api.post(`/sequences/${sequence.id}/publish`, { confirmWarnings: true, baseUpdatedAt: again.updatedAt }).expect(201);
    });
  });

  describe('publish check: a trial run of simulated learners adds its warnings', () => {
    const check = async (id: string) => (await ctx.api.get(`/sequences/${id}/publish-check`).expect(200)).body;
    /** QA's draft: the fractions template with 'after-compare-reading' (and the question it names), under the sequence's id. */
    const looping = (draft: Record<string, unknown>, when?: Condition) => ({ ...fractionsWithCompareLoop(when ? { when } : {}), id: draft.id });

    it('flags QA’s rule twice, by the lint and by the trial run, and publishing needs confirmation', async () => {
      const sequence = await createSequence(ctx.api);
      const draft = looping(sequence.draft);
      await saved(sequence.id, sequence.title, draft);
      const started = performance.now();
      const warned = await check(sequence.id);
      const elapsed = performance.now() - started;
      const rule = `/rules/${fractionsWithCompareLoop().rules.length - 1}`;
      expect(warned.outcome).to.equal('needs-confirmation');
      expect(warned.issues.map((i: { severity: string; path: string; code: string }) => `${i.severity} ${i.code} ${i.path}`)).to.deep.equal([
        `warning repeats-every-step ${rule}/when`,
        `warning simulated-loop ${rule}`,
      ]);
      expect(warned.issues[1].message).to.match(/^in a trial run with 100 simulated learners, rule 'after-compare-reading' sent \d+ learners straight back to 'cmp-q1' \(“Which is bigger\?”\)/);
      // The lint endpoint (run as the designer types) has the lint's warning only.
      const lint = await ctx.api.post('/lint', { draft, sequenceId: sequence.id }).expect(200);
      expect(lint.body.issues.map((i: { code: string }) => i.code)).to.deep.equal(['repeats-every-step']);
      // Publishing refuses without confirmation, with the same issues, and publishes with it.
      const refused = await ctx.api.post(`/sequences/${sequence.id}/publish`, { baseUpdatedAt: warned.updatedAt }).expect(409);
      expect(refused.body.issues).to.deep.equal(warned.issues);
      await ctx.api.post(`/sequences/${sequence.id}/publish`, { confirmWarnings: true, baseUpdatedAt: warned.updatedAt }).expect(201);
      // Published, the same draft has nothing to publish and needs no trial run: the lint's issues alone, at the lint's cost.
      const lintStarted = performance.now();
      const unchanged = await check(sequence.id);
      const lintElapsed = performance.now() - lintStarted;
      expect(unchanged.outcome).to.equal('nothing-changed');
      expect(unchanged.issues.map((i: { code: string }) => i.code)).to.deep.equal(['repeats-every-step']);
      console.log(`      GET publish-check, fractions with QA's rule: ${elapsed.toFixed(0)} ms with the trial run, ${lintElapsed.toFixed(0)} ms without (nothing changed)`);
    });

    it('is ready once the rule is pinned to the moment after the reading', async () => {
      const sequence = await createSequence(ctx.api);
      const pinned: Condition = { all: [{ fact: 'visited', operator: 'contains', value: 'read-compare' }, { fact: 'currentActivity', operator: 'equal', value: 'read-compare' }] };
      await saved(sequence.id, sequence.title, looping(sequence.draft, pinned));
      expect(await check(sequence.id)).to.include({ outcome: 'ready' }).and.to.deep.include({ issues: [] });
    });

    it('finds nothing in the samples: each is ready as created', async () => {
      for (const template of ['fractions', 'data-privacy']) {
        const sequence = await createSequence(ctx.api, { title: `From ${template}`, template });
        const started = performance.now();
        const ready = await check(sequence.id);
        const elapsed = performance.now() - started;
        expect(ready, template).to.deep.equal({ outcome: 'ready', issues: [], updatedAt: sequence.updatedAt, latestVersion: null });
        console.log(`      GET publish-check, ${template} template: ${elapsed.toFixed(0)} ms`);
      }
    });
    it("warns about the blank template's example text left in, where it stands, and nothing once it is replaced", async () => {
      const sequence = await createSequence(ctx.api, { title: 'From blank', template: 'blank' });
      const checked = await check(sequence.id);
      expect(checked.outcome).to.equal('needs-confirmation');
      const issues = checked.issues as Array<{ code: string; path: string; message: string; severity: string }>;
      expect(new Set(issues.map((i) => i.code))).to.deep.equal(new Set(['template-text']));
      expect(issues.every((i) => i.severity === 'warning')).to.equal(true);
      expect(issues.map((i) => i.path)).to.include.members(['/description', '/objectives/0/title', '/activities/1/prompt', '/activities/1/choices/0/text']);
      expect(issues.find((i) => i.path === '/description')!.message).to.equal(
        "still the blank template's example text (“Who this sequence is for and what they will be able to do afterwards.”): learners would read it as written",
      );
      // Rule descriptions are the designer's notes, true as long as the rule is kept; one-word titles may well be the designer's own.
      expect(issues.some((i) => i.path.startsWith('/rules/') || i.path === '/activities/0/title')).to.equal(false);

      // Replacing every flagged string leaves nothing to warn about.
      const draft = structuredClone(sequence.draft);
      for (const { path } of issues) {
        const tokens = path.split('/').slice(1);
        const last = tokens.pop()!;
        const parent = tokens.reduce<any>((node, token) => node[token], draft);
        parent[last] = `Written by the designer (${path})`;
      }
      await saved(sequence.id, sequence.title, draft);
      expect(await check(sequence.id)).to.include({ outcome: 'ready' }).and.to.deep.include({ issues: [] });
    });
  });

  describe('versions', () => {
    it('keeps each version as published, whatever happens to the draft later', async () => {
      const sequence = await createSequence(ctx.api);
      await ctx.api.post(`/sequences/${sequence.id}/publish`).expect(201);
      const v1 = (await ctx.api.get(`/sequences/${sequence.id}/versions/1`).expect(200)).body;
      expect(v1.version).to.equal(1);
      expect(v1.content).to.deep.equal(sequence.draft);

      await saved(sequence.id, 'Edited', { ...sequence.draft, description: 'A new description' });
      await ctx.api.post(`/sequences/${sequence.id}/publish`).expect(201);
      const again = (await ctx.api.get(`/sequences/${sequence.id}/versions/1`).expect(200)).body;
      expect(again.content).to.deep.equal(sequence.draft);
      const v2 = (await ctx.api.get(`/sequences/${sequence.id}/versions/2`).expect(200)).body;
      expect(v2.content.description).to.equal('A new description');
    });

    it('answers 404 for a version that does not exist and 400 for one that is not a number', async () => {
      const sequence = await createSequence(ctx.api);
      const missing = await ctx.api.get(`/sequences/${sequence.id}/versions/3`).expect(404);
      expect(missing.body.error.code).to.equal('VERSION_NOT_FOUND');
      const bad = await ctx.api.get(`/sequences/${sequence.id}/versions/latest`).expect(400);
      expect(bad.body.error.details[0].path).to.equal('/version');
    });

    it('leaves learners on the version they started; new learners start on the latest', async () => {
      const staff = await launchAs(ctx.tool, 'instructor-rivera', 'link-fractions-compare');
      const session = await ctx.tool.store.selectSession(sessionIdFor(staff.token), Date.now());
      if (!session) throw new Error('no staff session');
      const sequence = await createSequence(ctx.api, { title: 'Comparing, adaptively', template: 'fractions' });
      await ctx.api.post(`/sequences/${sequence.id}/publish`).expect(201);
      const placed = { platformId: session.platformId, deploymentId: session.deploymentId, contextId: session.contextId, resourceLinkId: 'link-fractions-compare' };
      await ctx.tool.store.upsertPlacement({ ...placed, sequenceId: sequence.id });

      await launchAs(ctx.tool, 'learner-maya', 'link-fractions-compare');
      const key = (userId: string) => ({ platformId: placed.platformId, contextId: placed.contextId, resourceLinkId: placed.resourceLinkId, userId });
      expect((await ctx.tool.store.selectLearner(key('learner-maya')))?.version).to.equal(1);

      await saved(sequence.id, 'Comparing, adaptively', { ...sequence.draft, description: 'Version two' });
      await ctx.api.post(`/sequences/${sequence.id}/publish`).expect(201);

      await launchAs(ctx.tool, 'learner-maya', 'link-fractions-compare');
      expect((await ctx.tool.store.selectLearner(key('learner-maya')))?.version).to.equal(1);
      await launchAs(ctx.tool, 'learner-liam', 'link-fractions-compare');
      expect((await ctx.tool.store.selectLearner(key('learner-liam')))?.version).to.equal(2);
    });
  });

  describe('diff', () => {
    it('lists the changes between two versions, and between a version and the draft', async () => {
      const sequence = await createSequence(ctx.api);
      await ctx.api.post(`/sequences/${sequence.id}/publish`).expect(201);
      const activities = sequence.draft.activities as Array<Record<string, unknown>>;
      const changed = {
        ...sequence.draft,
        title: 'Fractions, revised',
        activities: [{ id: 'warm-hello', kind: 'reading', title: 'Hello', body: 'Hi' }, ...activities.slice(0, 2), { ...activities[2], title: 'Renamed question' }, ...activities.slice(3)],
      };
      await saved(sequence.id, 'Fractions, revised', changed);
      await ctx.api.post(`/sequences/${sequence.id}/publish`, { confirmWarnings: true }).expect(201);

      const diff = (await ctx.api.get(`/sequences/${sequence.id}/diff?from=1&to=2`).expect(200)).body.changes;
      expect(diff).to.deep.equal([
        { path: '/title', op: 'replace', before: sequence.draft.title, after: 'Fractions, revised' },
        { path: '/activities/0', op: 'add', after: { id: 'warm-hello', kind: 'reading', title: 'Hello', body: 'Hi' } },
        { path: '/activities/3/title', op: 'replace', before: activities[2]?.title, after: 'Renamed question' },
      ]);

      const none = (await ctx.api.get(`/sequences/${sequence.id}/diff?from=2&to=draft`).expect(200)).body.changes;
      expect(none).to.deep.equal([]);
      await saved(sequence.id, 'Fractions, revised', { ...changed, guard: undefined, description: undefined });
      const toDraft = (await ctx.api.get(`/sequences/${sequence.id}/diff?from=2&to=draft`).expect(200)).body.changes;
      expect(toDraft.map((c: { op: string; path: string }) => `${c.op} ${c.path}`)).to.have.members(['remove /description', 'remove /guard']);
      const reverse = (await ctx.api.get(`/sequences/${sequence.id}/diff?from=2&to=1`).expect(200)).body.changes;
      expect(reverse[1]).to.deep.equal({ path: '/activities/0', op: 'remove', before: { id: 'warm-hello', kind: 'reading', title: 'Hello', body: 'Hi' } });
    });

    it('refuses bad parameters with 400 and missing versions with 404', async () => {
      const sequence = await createSequence(ctx.api);
      const bad = await ctx.api.get(`/sequences/${sequence.id}/diff?from=one&to=draft`).expect(400);
      expect(bad.body.error.details[0].path).to.equal('/from');
      await ctx.api.get(`/sequences/${sequence.id}/diff?from=1`).expect(400);
      const missing = await ctx.api.get(`/sequences/${sequence.id}/diff?from=1&to=draft`).expect(404);
      expect(missing.body.error.code).to.equal('VERSION_NOT_FOUND');
    });
  });
});
