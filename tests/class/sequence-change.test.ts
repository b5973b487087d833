/**
 * A link's learners stay in its class view whatever happens to the sequence
 * they started: another sequence placed on the link, or theirs removed from
 * the studio's library. Each is shown on the version they are pinned to, with
 * progress, score and mastery computed against it.
 */
import { expect } from 'chai';
import { engineState } from '../../server/class/learner-state.js';
import { compileSequence, grade, type SequenceDoc } from '../../server/engine/index.js';
import type { JsonObject } from '../../server/store/types.js';
import { useTool } from '../helpers/hooks.js';
import { studioApi } from '../studio/support/studio.js';
import { Learner, launchStaff, play, rowOf, sample, section, text, type Staff } from './support.js';

/** The learner's progress and score as the class view should print them, from their own record. */
async function expectedFigures(learner: Learner, doc: SequenceDoc): Promise<string> {
  const record = await learner.record();
  const state = engineState(record.state)!;
  const report = grade(compileSequence(doc), state);
  const mastered = doc.objectives.filter((o) => state.mastered.includes(o.id)).length;
  return `${mastered} of ${doc.objectives.length} mastered step ${state.stepCount} ${report.score === null ? 'no score yet' : `${Math.round(report.score * 100)}%`}`;
}

async function classPage(staff: Staff): Promise<string> {
  const res = await staff.get('/class');
  expect(res.status).to.equal(200);
  return res.text();
}

describe('class: learners stay listed when their sequence changes', function () {
  this.timeout(90_000);
  const fractions = sample('fractions');
  const privacy = sample('data-privacy');

  describe('another sequence placed on the link', () => {
    const ctx = useTool();
    let staff: Staff;
    let tomas: Learner;
    let liam: Learner;

    before(async () => {
      tomas = await Learner.launch(ctx.tool, 'learner-tomas');
      await play(tomas, fractions, 6);
      staff = await launchStaff(ctx.tool);
      expect((await staff.post('/app/place', { sequenceId: privacy.id })).status).to.equal(303);
      liam = await Learner.launch(ctx.tool, 'learner-liam');
      await play(liam, privacy, 3);
    });

    it('lists each learner on the version they are on, with their own progress and score', async () => {
      const html = await classPage(staff);
      expect((await liam.record()).sequenceId).to.equal(privacy.id);
      const tomasRow = text(rowOf(html, 'learner-tomas'));
      expect(tomasRow).to.include(`${fractions.title} v1`).and.include(await expectedFigures(tomas, fractions));
      const liamRow = text(rowOf(html, 'learner-liam'));
      expect(liamRow).to.include(`${privacy.title} v1`).and.include(await expectedFigures(liam, privacy));
      expect(text(html)).to.include(`Learners are on: ${privacy.title} v1 (1 learner) · ${fractions.title} v1 (1 learner).`);
    });

    it('gives each sequence its own mastery columns, filled only for its learners', async () => {
      const html = await classPage(staff);
      const header = text(html.slice(html.indexOf('<thead>'), html.indexOf('</thead>')));
      for (const o of fractions.objectives) expect(header).to.include(`${fractions.title}: ${o.title}`);
      for (const o of privacy.objectives) expect(header).to.include(`${privacy.title}: ${o.title}`);
      const cells = (userId: string) => [...rowOf(html, userId).matchAll(/<td class="heat heat-([^"]+)">/g)].map((m) => m[1]);
      const columns = privacy.objectives.length + fractions.objectives.length;
      // The placed sequence's columns come first.
      expect(cells('learner-tomas').slice(0, privacy.objectives.length).every((c) => c === 'none')).to.equal(true);
      expect(cells('learner-tomas').slice(privacy.objectives.length).some((c) => c !== 'none')).to.equal(true);
      expect(cells('learner-liam').slice(privacy.objectives.length).every((c) => c === 'none')).to.equal(true);
      expect(cells('learner-liam')).to.have.length(columns);
    });

    it('keeps per-activity figures apart by sequence', async () => {
      const activities = section(await classPage(staff), 'activities');
      expect(activities).to.include(`data-sequence="${fractions.id}"`).and.include(`data-sequence="${privacy.id}"`);
    });
  });

  describe('the sequence removed from the studio library', () => {
    const ctx = useTool();

    it('refuses to remove it while learners are on it, then archives it and the class view still shows them', async () => {
      const tomas = await Learner.launch(ctx.tool, 'learner-tomas');
      await play(tomas, fractions, 6);
      const staff = await launchStaff(ctx.tool);
      const beforeHtml = await classPage(staff);
      expect(beforeHtml).not.to.include('data-testid="placed-archived"');
      const before = text(rowOf(beforeHtml, 'learner-tomas'));

      const studio = studioApi(ctx.tool, staff.token);
      const refused = await studio.delete(`/sequences/${fractions.id}`).expect(409);
      expect(refused.body.places.map((p: { label: string }) => p.label)).to.deep.equal(['Grade 7 Math — Fractions › Adding fractions with unlike denominators']);
      await studio.delete(`/sequences/${fractions.id}?archive=true`).expect(200);

      const html = await classPage(staff);
      // Archived, not gone: the link still delivers it, and the page says so rather than nothing.
      expect(text(html)).to.include(
        `${fractions.title} is archived in the studio. This link keeps delivering it (version 1 to new learners) until another sequence is placed here, ` +
          'and nobody can edit it or publish a new version until it is restored from the Archived list of the studio’s library.',
      );
      const after = text(rowOf(html, 'learner-tomas'));
      expect(after).to.include(await expectedFigures(tomas, fractions));
      expect(after.replace(/\d+ (s|min) ago|just now/g, '')).to.equal(before.replace(/\d+ (s|min) ago|just now/g, ''));
      // He carries on where he was, and his page opens.
      await play(tomas, fractions, 2);
      expect((await staff.get('/class/learners/learner-tomas')).status).to.equal(200);
    });
  });

  describe('a new version renames activities', () => {
    const ctx = useTool();
    /** Version 2 renames the survey and one warm-up question, and keeps the warm-up's own title. */
    const renamed: Record<string, string> = { 'about-you': 'About you (v2)', 'diag-compare': 'Quarter or eighth (v2)' };
    const v2: SequenceDoc = structuredClone(fractions);
    for (const a of v2.activities) a.title = renamed[a.id] ?? a.title;
    let staff: Staff;

    /** The per-activity table's rows for one activity: title, version attribute, and the figures as text. */
    function rowsFor(html: string, activityId: string): Array<{ title: string; versions: string | null; cells: string[] }> {
      const table = section(html, 'activities');
      return [...table.matchAll(new RegExp(`<tr data-activity="${activityId}"([^>]*)>([\\s\\S]*?)</tr>`, 'g'))].map((m) => ({
        title: text(/<th scope="row">([^<]*)<br>/.exec(m[2]!)![1]!).trim(),
        versions: /data-versions="([^"]+)"/.exec(m[1]!)?.[1] ?? null,
        cells: [...m[2]!.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((c) => text(c[1]!).trim()),
      }));
    }

    before(async () => {
      for (const id of ['learner-maya', 'learner-liam', 'learner-zanele']) await play(await Learner.launch(ctx.tool, id), fractions, 3);
      await ctx.tool.store.insertSequenceVersion(fractions.id, v2 as unknown as JsonObject);
      staff = await launchStaff(ctx.tool);
    });

    it('labels the figures of learners on version 1 with the titles version 1 showed them', async () => {
      const html = await classPage(staff);
      const activities = section(html, 'activities');
      expect(activities, 'neither the table nor the charts use a title nobody saw').not.to.include('(v2)');
      expect(rowsFor(html, 'about-you').map((r) => [r.title, r.versions, r.cells[0]])).to.deep.equal([['About you', null, '3']]);
      expect(rowsFor(html, 'diag-compare').map((r) => [r.title, r.cells[1]])).to.deep.equal([['Quarter or eighth', '3']]);
    });

    it('keeps the figures apart per title once learners are on both versions, saying which learners each row counts', async () => {
      const tomas = await Learner.launch(ctx.tool, 'learner-tomas');
      expect((await tomas.record()).version).to.equal(2);
      await play(tomas, v2, 3);
      const html = await classPage(staff);
      expect(rowsFor(html, 'about-you').map((r) => [r.title, r.versions, r.cells[0]])).to.deep.equal([
        ['About you', 'v1', '3'],
        ['About you (v2)', 'v2', '1'],
      ]);
      expect(rowsFor(html, 'diag-compare').map((r) => [r.title, r.versions, r.cells[1]])).to.deep.equal([
        ['Quarter or eighth', 'v1', '3'],
        ['Quarter or eighth (v2)', 'v2', '1'],
      ]);
      expect(text(section(html, 'activities'))).to.include('About you Survey · learners on v1').and.include('About you (v2) Survey · learners on v2');
      // A title both versions share keeps one row, counting everyone.
      expect(rowsFor(html, 'warm-up').map((r) => [r.title, r.versions, r.cells[0]])).to.deep.equal([['Warm-up', null, '4']]);
      // The charts name the bars the same way.
      const reach = /<svg[^>]*chart-reach-title[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
      expect(reach).to.include('>About you · v1<').and.include('>About you (v2) · v2<').and.include('>Warm-up<');
    });
  });
});
