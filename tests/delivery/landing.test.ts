/**
 * The staff landing page says what a link delivers, and it says it as the
 * player does it: an archived sequence left the studio's library, not the
 * links it is placed on, so learners keep starting it and the page must not
 * claim otherwise.
 */
import { expect } from 'chai';
import type { SequenceDoc } from '../../server/engine/index.js';
import type { JsonObject } from '../../server/store/types.js';
import { loadSample } from '../engine/support/samples.js';
import { useTool } from '../helpers/hooks.js';
import { launchAs } from '../helpers/tool.js';
import { studioApi } from '../studio/support/studio.js';
import { launchStaff, text } from '../class/support.js';
import { Learner } from './support/learner.js';

const LINK = 'link-fractions-add';
const STAFF = 'instructor-rivera';

function version2(doc: SequenceDoc): SequenceDoc {
  const next = structuredClone(doc);
  for (const a of next.activities) a.title = `${a.title} (v2)`;
  return next;
}

/** The radio buttons of "Place a sequence": value, checked, and the words of their label. */
function choices(html: string): Array<{ value: string; checked: boolean; label: string }> {
  return [...html.matchAll(/<label class="choice"><input type="radio" name="sequenceId" value="([^"]+)" required( checked)?>([\s\S]*?)<\/label>/g)].map((m) => ({
    value: m[1]!,
    checked: m[2] !== undefined,
    label: text(m[3]!).trim(),
  }));
}

describe('delivery: the staff landing page and an archived sequence', function () {
  this.timeout(90_000);
  const ctx = useTool();
  const fractions = loadSample('fractions');
  const privacy = loadSample('data-privacy');

  before(async () => {
    await ctx.tool.store.insertSequenceVersion(fractions.id, version2(fractions) as unknown as JsonObject);
    const started = await Learner.launch(ctx.tool, 'learner-maya', LINK);
    expect((await started.record()).version).to.equal(2);
    const studio = studioApi(ctx.tool, (await launchAs(ctx.tool, STAFF, LINK)).token);
    await studio.delete(`/sequences/${fractions.id}?archive=true`).expect(200);
    await studio.delete(`/sequences/${privacy.id}?archive=true`).expect(200);
  });

  it('says learners keep starting the archived sequence placed here, and that it is archived', async () => {
    const { html } = await launchAs(ctx.tool, STAFF, LINK);
    const page = text(html);
    expect(page).not.to.include('no published version');
    expect(page).not.to.include('cannot start');
    expect(html).to.include(`data-testid="placed-sequence">${fractions.title}<`);
    expect(page).to.include('New learners start on version 2; learners who already started keep the version they started on.');
    expect(page).to.include('This sequence is archived in the studio. This link keeps delivering it all the same (version 2 to new learners)');
    expect(page).to.include('restored from the Archived list of the studio’s library');
    // And so it does.
    const newcomer = await Learner.launch(ctx.tool, 'learner-liam', LINK);
    expect(await newcomer.record()).to.deep.include({ sequenceId: fractions.id, version: 2 });
  });

  it('shows the placed sequence chosen in "Place a sequence", and no other archived one', async () => {
    const { html } = await launchAs(ctx.tool, STAFF, LINK);
    const offered = choices(html);
    const placed = offered.find((c) => c.value === fractions.id);
    expect(placed, 'the archived sequence placed here is a choice').to.not.equal(undefined);
    expect(placed!.checked).to.equal(true);
    expect(placed!.label).to.equal(`${fractions.title} (version 2; archived, so it stays placed here only until you place another)`);
    expect(offered.filter((c) => c.checked)).to.have.length(1);
    expect(offered.map((c) => c.value)).not.to.include(privacy.id);
  });

  it('keeps the archived sequence when the form is sent as it opens, and refuses to place another archived one', async () => {
    const staff = await launchStaff(ctx.tool, STAFF, LINK);
    expect((await staff.post('/app/place', { sequenceId: fractions.id })).status).to.equal(303);
    const s = staff.session;
    expect((await ctx.tool.store.selectPlacement(s.platformId, s.deploymentId, s.contextId, s.resourceLinkId))?.sequenceId).to.equal(fractions.id);
    expect((await staff.post('/app/place', { sequenceId: privacy.id })).status).to.equal(400);
    expect((await ctx.tool.store.selectPlacement(s.platformId, s.deploymentId, s.contextId, s.resourceLinkId))?.sequenceId).to.equal(fractions.id);
  });

  it('says nothing about archiving once the sequence is restored', async () => {
    const { token } = await launchAs(ctx.tool, STAFF, LINK);
    await studioApi(ctx.tool, token).post(`/sequences/${fractions.id}/restore`).expect(200);
    const { html } = await launchAs(ctx.tool, STAFF, LINK);
    expect(html).not.to.include('data-testid="placed-archived"');
    expect(choices(html).find((c) => c.value === fractions.id)).to.deep.equal({ value: fractions.id, checked: true, label: `${fractions.title} (version 2)` });
  });
});
