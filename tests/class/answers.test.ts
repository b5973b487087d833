/**
 * Answers are counted the way a learner gives them: each question of the
 * warm-up is one answer, on the class header, the learner's page and the
 * overview CSV alike; and a warm-up answer's misconception counts like any
 * other answer's, in the per-activity table and the attempts CSV.
 */
import { expect } from 'chai';
import type { Answer, Question } from '../../server/engine/index.js';
import { correctAnswer } from '../delivery/support/learner.js';
import { useTool } from '../helpers/hooks.js';
import { answersIn, csvRecords, Learner, launchStaff, play, sample, text, type Staff } from './support.js';

const doc = sample('fractions');
const warmUp = doc.activities.find((a) => a.kind === 'diagnostic')!;
const tagged = doc.activities.find((a) => a.id === 'diag-equivalent') as Extract<Question, { kind: 'singleChoice' }>;
const taggedChoice = tagged.choices.find((c) => c.misconception !== undefined)!;
const misconception = doc.misconceptions!.find((m) => m.id === taggedChoice.misconception)!;

/** Right everywhere except the tagged warm-up choice. */
const answer = (q: Question): Answer => (q.id === tagged.id ? { kind: 'singleChoice', choiceId: taggedChoice.id } : correctAnswer(q));

describe('class: answer counts and warm-up misconceptions', function () {
  this.timeout(90_000);
  const ctx = useTool();
  let staff: Staff;
  let maya: Learner;
  let html: string;

  before(async () => {
    maya = await Learner.launch(ctx.tool, 'learner-maya');
    await play(maya, doc, 8, { answer });
    await play(await Learner.launch(ctx.tool, 'learner-liam'), doc, 5);
    staff = await launchStaff(ctx.tool);
    html = await (await staff.get('/class')).text();
  });

  it('counts each warm-up question as one answer on the header and the learner’s page', async () => {
    const mine = await maya.attempts();
    expect(mine.some((a) => a.activityId === warmUp.id), 'Maya took the warm-up').to.equal(true);
    const all = [...mine, ...(await (await Learner.launch(ctx.tool, 'learner-liam')).attempts())];
    expect(answersIn(mine)).to.equal(mine.length + (warmUp.kind === 'diagnostic' ? warmUp.questions.length - 1 : 0));
    expect(text(html)).to.include(`${answersIn(all)} answers recorded`);
    const page = text(await (await staff.get('/class/learners/learner-maya')).text());
    expect(page).to.include(`Answers ${answersIn(mine)} `);
    const overview = csvRecords(await (await staff.get('/class/export/overview.csv', 'text/csv')).text());
    expect(overview.find((r) => r['User ID'] === 'learner-maya')?.Answers).to.equal(String(answersIn(mine)));
  });

  it('counts a warm-up answer’s misconception in the per-activity table', () => {
    const row = html.slice(html.indexOf(`<tr data-activity="${tagged.id}"`), html.indexOf('</tr>', html.indexOf(`<tr data-activity="${tagged.id}"`)));
    expect(text(row)).to.include(`${misconception.title} ×1`);
  });

  it('names a warm-up answer’s misconception in the attempts CSV', async () => {
    const rows = csvRecords(await (await staff.get('/class/export/attempts.csv', 'text/csv')).text());
    const row = rows.find((r) => r['Activity ID'] === warmUp.id && r['User ID'] === 'learner-maya')!;
    expect(row.Misconception).to.equal(`${tagged.title}: ${misconception.title}`);
    const liams = rows.find((r) => r['Activity ID'] === warmUp.id && r['User ID'] === 'learner-liam')!;
    expect(liams.Misconception).to.equal('');
  });
});
