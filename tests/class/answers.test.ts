/**
 * Answers are counted the way a learner gives them: each question of the
 * warm-up answered is one answer, on the class header, the learner's page and
 * the overview CSV alike, and a question left blank is none (as the learner's
 * own "My progress" counts); a warm-up answer's misconception counts like any
 * other answer's, in the per-activity table and the attempts CSV.
 */
import { expect } from 'chai';
import { readOutcome } from '../../server/class/attempt-view.js';
import type { Answer, Question } from '../../server/engine/index.js';
import { answerFields, at, correctAnswer, questionOf } from '../delivery/support/learner.js';
import { useTool } from '../helpers/hooks.js';
import { answersIn, csvRecords, Learner, launchStaff, play, sample, section, text, type Staff } from './support.js';

const doc = sample('fractions');
const warmUp = doc.activities.find((a) => a.kind === 'diagnostic')!;
const tagged = doc.activities.find((a) => a.id === 'diag-equivalent') as Extract<Question, { kind: 'singleChoice' }>;
const taggedChoice = tagged.choices.find((c) => c.misconception !== undefined)!;
const misconception = doc.misconceptions!.find((m) => m.id === taggedChoice.misconception)!;
const skipped = doc.activities.find((a) => a.id === 'diag-compare')!;

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

describe('class: a warm-up question left blank', function () {
  this.timeout(90_000);
  const ctx = useTool();
  let staff: Staff;
  let zanele: Learner;
  let html: string;

  before(async () => {
    await play(await Learner.launch(ctx.tool, 'learner-maya'), doc, 3);
    // Zanele leaves "Quarter or eighth" blank, as the warm-up invites: "Leave a question blank if you don't know it yet".
    zanele = await Learner.launch(ctx.tool, 'learner-zanele');
    await play(zanele, doc, 1);
    const warm = await zanele.screen();
    if (warm.kind !== 'diagnostic') throw new Error(`expected the warm-up, got ${warm.kind}`);
    const fields = [...at(warm), ['k', warm.key] as [string, string]];
    for (const item of warm.items) if (item.id !== skipped.id) fields.push(...answerFields(correctAnswer(questionOf(doc, item.id)), `a.${item.id}`));
    await zanele.act('/diagnostic', fields);
    staff = await launchStaff(ctx.tool);
    html = await (await staff.get('/class')).text();
  });

  const activityRow = (page: string, id: string) => text(section(page, 'activities').split(`data-activity="${id}">`)[1]!.split('</tr>')[0]!);

  it('is no wrong answer in the per-activity table, and is counted apart as left blank', () => {
    const row = activityRow(html, skipped.id);
    expect(row).not.to.include('null');
    // Maya answered it (right); Zanele's blank is neither an answer nor a first try.
    expect(row).to.match(/^ ?Quarter or eighth Question \(one answer\) 2 1 1 left blank 100% of 1 — /);
  });

  it('is no answer in the counts, as the learner’s own “My progress” counts', async () => {
    const own = (await zanele.post('/progress', [])).json as { progress: { stats: { answers: number } } };
    expect(own.progress.stats.answers).to.equal(2);
    const maya = await (await Learner.launch(ctx.tool, 'learner-maya')).attempts();
    expect(text(html)).to.include(`${answersIn(maya) + 2} answers recorded (each warm-up question answered counts as one).`);
    expect(text(await (await staff.get('/class/learners/learner-zanele')).text())).to.include('Answers 2 (each warm-up question answered counts as one)');
    const overview = csvRecords(await (await staff.get('/class/export/overview.csv', 'text/csv')).text());
    expect(overview.find((r) => r['User ID'] === 'learner-zanele')?.Answers).to.equal('2');
  });

  it('reads “left blank” in the learner’s story, as the learner was told', async () => {
    const story = text(section(await (await staff.get('/class/learners/learner-zanele')).text(), 'story'));
    expect(story).to.include('Equal to two thirds: right · Quarter or eighth: left blank · A half and a quarter: right');
  });

  it('reads “(left blank)” in the attempts CSV, with no misconception', async () => {
    const rows = csvRecords(await (await staff.get('/class/export/attempts.csv', 'text/csv')).text());
    const row = rows.find((r) => r['Activity ID'] === 'warm-up' && r['User ID'] === 'learner-zanele')!;
    expect(row.Answer).to.match(/^Equal to two thirds: [^;]+; Quarter or eighth: \(left blank\); A half and a quarter: 0\.75$/);
    expect(row.Misconception).to.equal('');
  });

  it('counts a record written before the result kept `answered` the same way', async () => {
    const older = structuredClone((await zanele.attempts()).find((a) => a.activityId === 'warm-up')!);
    for (const item of (older.outcome.result as unknown as { items: Array<Record<string, unknown>> }).items) delete item.answered;
    const outcome = readOutcome(older);
    expect(outcome.kind === 'diagnostic' && outcome.items.map((i) => [i.questionId, i.answered])).to.deep.equal([
      ['diag-equivalent', true],
      [skipped.id, false],
      ['diag-add', true],
    ]);
  });
});
