/**
 * The Progress column, the learner page's Progress entry and the overview
 * CSV say what a learner has done (objectives mastered, steps taken), not
 * the share the LMS gets as activityProgress: that share is 0% for a learner
 * at work who has mastered nothing yet, and 100% for any finish.
 */
import { expect } from 'chai';
import { engineState } from '../../server/class/learner-state.js';
import { compileSequence, grade } from '../../server/engine/index.js';
import { playToEnd } from '../delivery/support/learner.js';
import { useTool } from '../helpers/hooks.js';
import { answersIn, csvRecords, Learner, launchStaff, play, rowOf, sample, struggling, text, type Staff } from './support.js';

describe('class: progress reads as work done, not as the LMS’s share', function () {
  this.timeout(90_000);
  const ctx = useTool();
  const doc = sample('fractions');
  let staff: Staff;
  let html: string;
  let liam: Learner;
  let zanele: Learner;

  const stateOf = async (learner: Learner) => engineState((await learner.record()).state)!;
  const progressCell = (userId: string) => {
    const cell = /<td class="progress">([\s\S]*?)<\/td>/.exec(rowOf(html, userId));
    if (cell === null) throw new Error(`no progress cell for ${userId}`);
    return text(cell[1]!).trim();
  };

  before(async () => {
    // Liam answers wrong to the end of the path: finished, not everything mastered.
    liam = await Learner.launch(ctx.tool, 'learner-liam');
    await playToEnd(liam, doc, struggling);
    // Zanele is at work: answers given, nothing mastered yet.
    zanele = await Learner.launch(ctx.tool, 'learner-zanele');
    await play(zanele, doc, 6, struggling);
    await ctx.tool.grades.drain();
    staff = await launchStaff(ctx.tool);
    html = await (await staff.get('/class')).text();
  });

  it('shows a learner at work with nothing mastered their step and 0 of 3 mastered, not 0%', async () => {
    const state = await stateOf(zanele);
    expect(state.completed).to.equal(null);
    expect(state.mastered).to.deep.equal([]);
    expect(state.stepCount).to.be.greaterThan(1);
    const scope = { platformId: staff.session.platformId, contextId: staff.session.contextId, resourceLinkId: staff.session.resourceLinkId };
    expect(answersIn(await ctx.tool.store.selectAttempts({ ...scope, userId: 'learner-zanele' }))).to.be.greaterThan(0);
    // What the LMS is told, a share of the steps the sequence allows at most, is not what the column gives.
    const lms = grade(compileSequence(doc), state).progress;
    expect(lms).to.be.lessThan(0.99);

    const cell = progressCell('learner-zanele');
    expect(cell).to.equal(`0 of 3 mastered step ${state.stepCount}`);
    expect(cell).not.to.include(`${Math.round(lms * 100)}%`);
    const page = text(await (await staff.get('/class/learners/learner-zanele')).text());
    expect(page).to.include(`Progress 0 of 3 objectives mastered, on step ${state.stepCount} Score`);
  });

  it('does not show 100% for a learner who finished without mastering every objective', async () => {
    const state = await stateOf(liam);
    expect(state.completed).not.to.equal(null);
    expect(state.mastered.length).to.be.lessThan(3);
    expect(grade(compileSequence(doc), state).progress, 'the LMS still gets a finished path').to.equal(1);
    expect(text(rowOf(html, 'learner-liam'))).to.include('Completed');

    const cell = progressCell('learner-liam');
    expect(cell).to.equal(`${state.mastered.length} of 3 mastered ${state.stepCount} steps`);
    expect(cell).not.to.include('100%');
    // The bar shows the objectives mastered, not a full bar.
    expect(rowOf(html, 'learner-liam')).to.include(`<progress max="3" value="${state.mastered.length}"`);
    const page = text(await (await staff.get('/class/learners/learner-liam')).text());
    expect(page).to.include(`Progress ${state.mastered.length} of 3 objectives mastered in ${state.stepCount} steps Score`);
  });

  it('exports the same counts in the overview CSV, and no progress share', async () => {
    const rows = csvRecords(await (await staff.get('/class/export/overview.csv', 'text/csv')).text());
    expect(Object.keys(rows[0]!)).not.to.include('Progress (%)');
    const row = (userId: string) => rows.find((r) => r['User ID'] === userId)!;
    const liamState = await stateOf(liam);
    const zaneleState = await stateOf(zanele);
    expect(row('learner-liam')).to.deep.include({ Status: 'Completed', 'Objectives mastered': String(liamState.mastered.length), 'Objectives required': '3', 'Steps taken': String(liamState.stepCount) });
    expect(row('learner-zanele')).to.deep.include({ Status: 'In progress', 'Objectives mastered': '0', 'Objectives required': '3', 'Steps taken': String(zaneleState.stepCount) });
    expect(row('learner-tomas')).to.deep.include({ Status: 'Not started', 'Objectives mastered': '', 'Objectives required': '', 'Steps taken': '' });
  });

  it('says "required" when completion asks for only some objectives', async () => {
    const { masteredOf } = await import('../../server/class/format.js');
    expect(masteredOf({ mastered: 1, required: 2, allRequired: false, steps: 9 })).to.equal('1 of 2 required mastered');
    expect(masteredOf({ mastered: 1, required: 2, allRequired: false, steps: 9 }, true)).to.equal('1 of 2 required objectives mastered');
    expect(masteredOf({ mastered: 0, required: 1, allRequired: true, steps: 9 }, true)).to.equal('0 of 1 objective mastered');
  });
});
