/**
 * The CSV exports: cells escaped (RFC 4180) and guarded against formula
 * injection, rows that match the data, backpressure honoured, and 5,000
 * attempts streamed as a chunked response rather than built in memory.
 */
import { expect } from 'chai';
import crypto from 'node:crypto';
import { Writable } from 'node:stream';
import { seedClassAttempts } from '../../bench/export.js';
import { csvCell, csvRow, ExportAborted, safeFilename, writeCsv, type Cell } from '../../server/class/csv.js';
import { describeResponse, readOutcome, type AnswerOutcome } from '../../server/class/attempt-view.js';
import { engineState } from '../../server/class/learner-state.js';
import { markdownText } from '../../server/delivery/markdown.js';
import { compileSequence, grade } from '../../server/engine/index.js';
import { playToEnd } from '../delivery/support/learner.js';
import { useTool } from '../helpers/hooks.js';
import { answersIn, csvRecords, Learner, launchStaff, parseCsv, play, rowOf, sample, struggling, text, type Staff } from './support.js';

describe('class: CSV cells', () => {
  it('quotes cells with commas, quotes or line breaks, doubling the quotes', () => {
    expect(csvCell('plain')).to.equal('plain');
    expect(csvCell('a,b')).to.equal('"a,b"');
    expect(csvCell('say "hi"')).to.equal('"say ""hi"""');
    expect(csvCell('two\nlines')).to.equal('"two\nlines"');
    expect(csvCell('cr\rhere')).to.equal('"cr\rhere"');
    expect(csvRow(['a', 'b,c', null, 3])).to.equal('a,"b,c",,3\r\n');
  });

  it('prefixes text a spreadsheet would run as a formula', () => {
    for (const formula of ['=1+2', '+SUM(A1)', '-2+3', '@SUM(A1)', '\tTAB', '=HYPERLINK("http://evil.example","x")']) {
      const cell = csvCell(formula);
      const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
      expect(unquoted, formula).to.equal(`'${formula}`);
    }
    expect(csvCell('=a,"b"')).to.equal(`"'=a,""b"""`);
  });

  it('writes numbers, text that is just a number, booleans and empties as they are', () => {
    expect(csvCell(-3)).to.equal('-3');
    expect(csvCell('-3')).to.equal('-3');
    expect(csvCell('+2.5e3')).to.equal('+2.5e3');
    expect(csvCell(0.125)).to.equal('0.125');
    expect(csvCell(Number.NaN)).to.equal('');
    expect(csvCell(true)).to.equal('yes');
    expect(csvCell(false)).to.equal('no');
    expect(csvCell(null)).to.equal('');
    expect(csvCell(undefined)).to.equal('');
    expect(csvCell('Tomás Ñ 練習')).to.equal('Tomás Ñ 練習');
  });

  it('makes download names that cannot break the header', () => {
    expect(safeFilename('class-overview-grade7-math-fractions-link-fractions-add')).to.equal('class-overview-grade7-math-fractions-link-fractions-add');
    expect(safeFilename('Tomás "x"\r\n/../é')).to.equal('Tomas-x-..-e');
    expect(safeFilename('"\r\n')).to.equal('export');
  });
});

describe('class: streaming CSV with backpressure', () => {
  /** A destination that takes a chunk every few milliseconds, with a tiny buffer. */
  function slowSink(received: string[]): Writable {
    return new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _enc, done) {
        received.push(chunk.toString());
        setTimeout(done, 2);
      },
    });
  }

  async function* rows(n: number, onClose: () => void): AsyncGenerator<readonly Cell[]> {
    try {
      for (let i = 0; i < n; i++) yield [i, `row ${i}`, 'x'.repeat(200)];
    } finally {
      onClose();
    }
  }

  it('waits for the destination to drain, and writes every row once', async () => {
    const received: string[] = [];
    const sink = slowSink(received);
    let drains = 0;
    sink.on('drain', () => drains++);
    let closed = false;
    expect(await writeCsv(sink, rows(1000, () => (closed = true)))).to.equal(1000);
    await new Promise<void>((resolve) => sink.end(resolve));
    expect(drains).to.be.greaterThan(0);
    expect(closed).to.equal(true);
    const parsed = parseCsv(received.join(''));
    expect(parsed).to.have.length(1000);
    expect(parsed[999]).to.deep.equal(['999', 'row 999', 'x'.repeat(200)]);
  });

  it('stops reading its source when the download is closed mid-way', async () => {
    const sink = slowSink([]);
    let closed = false;
    let produced = 0;
    const source = (async function* () {
      try {
        for (let i = 0; i < 1_000_000; i++) {
          produced++;
          yield [i, 'y'.repeat(500)] as const;
        }
      } finally {
        closed = true;
      }
    })();
    setTimeout(() => sink.destroy(), 20);
    let error: unknown;
    try {
      await writeCsv(sink, source);
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(ExportAborted);
    expect(closed, 'the source was closed').to.equal(true);
    expect(produced).to.be.lessThan(100_000);
  });
});

describe('class: exports over HTTP', function () {
  this.timeout(120_000);
  const ctx = useTool();
  let staff: Staff;
  const doc = sample('fractions');

  before(async () => {
    await playToEnd(await Learner.launch(ctx.tool, 'learner-maya'), doc);
    const liam = await Learner.launch(ctx.tool, 'learner-liam');
    await play(liam, doc, 15, struggling);
    // Answers a learner could type: a formula, text with commas, quotes and a line break, a plain negative number.
    let record = await liam.record();
    for (const text of ['=HYPERLINK("http://evil.example","click")', 'a, b "c"\nd', '-5']) {
      const attempt = {
        id: crypto.randomUUID(),
        idempotencyKey: crypto.randomUUID(),
        activityId: 'eq-simplify',
        response: { kind: 'shortText', text },
        correct: false,
        outcome: { step: 99, ruleId: 'practice-equivalent', result: { activityId: 'eq-simplify', correct: false, attemptNumber: 1, feedback: [], misconception: null, mastery: [] } },
        createdAt: Date.now(),
      };
      const committed = await ctx.tool.store.commitLearner(await liam.key(), record.revision, record.state, attempt);
      if (committed.status !== 'committed') throw new Error(committed.status);
      record = committed.record;
    }
    staff = await launchStaff(ctx.tool);
    // The worker gathers scores for a moment before sending; the export should show them sent.
    await ctx.tool.grades.drain();
  });

  it('exports the overview, one row per learner, with the values the page shows', async () => {
    const res = await staff.get('/class/export/overview.csv', 'text/csv');
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).to.equal('attachment; filename="class-overview-grade7-math-fractions-link-fractions-add.csv"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)], 'a UTF-8 byte-order mark').to.deep.equal([0xef, 0xbb, 0xbf]);
    const body = new TextDecoder().decode(bytes);
    const rows = csvRecords(body);
    expect(rows.map((r) => r.Learner)).to.deep.equal(["Liam O'Brien", 'Maya Chen', 'Tomás García', 'Zanele Dlamini']);

    const maya = rows.find((r) => r['User ID'] === 'learner-maya')!;
    expect(maya).to.deep.include({ Status: 'Completed', 'Objectives mastered': '3', 'Objectives required': '3', 'Score (%)': '100', 'Mastered: Equivalent fractions': 'yes', 'On LMS roster': 'yes', 'Grade sync': 'Sent' });
    const tomas = rows.find((r) => r['User ID'] === 'learner-tomas')!;
    expect(tomas).to.deep.include({ Status: 'Not started', 'Objectives mastered': '', 'Steps taken': '', 'Score (%)': '', 'Last active (UTC)': '', 'Time on task (min)': '', Answers: '0', 'Needs help': '' });

    const liamRecord = (await ctx.tool.store.selectLearners({ platformId: staff.session.platformId, contextId: staff.session.contextId, resourceLinkId: staff.session.resourceLinkId })).find((r) => r.userId === 'learner-liam')!;
    const report = grade(compileSequence(doc), engineState(liamRecord.state)!);
    const liam = rows.find((r) => r['User ID'] === 'learner-liam')!;
    const liamState = engineState(liamRecord.state)!;
    expect(liam['Objectives mastered']).to.equal(String(liamState.mastered.length));
    expect(liam['Steps taken']).to.equal(String(liamState.stepCount));
    expect(Number(liam['Score (%)'])).to.equal(Math.round(report.score! * 1000) / 10);
    expect(liam.Email).to.equal('liam.obrien@students.example.edu');
    expect(liam['Needs help']).to.match(/^Practice not paying off: Their last 4 answers on “Equivalent fractions” questions/);
    const attempts = await ctx.tool.store.selectAttempts({ ...liamRecord, userId: 'learner-liam' });
    expect(liam.Answers).to.equal(String(answersIn(attempts)));
    expect(liam['Last active (UTC)']).to.equal(new Date(Math.max(liamRecord.updatedAt, ...attempts.map((a) => a.createdAt))).toISOString());
  });

  it('gives mastery one way on the page and in both exports: the estimate, with mastered marked beside it', async () => {
    const scope = { platformId: staff.session.platformId, contextId: staff.session.contextId, resourceLinkId: staff.session.resourceLinkId };
    const record = (await ctx.tool.store.selectLearners(scope)).find((r) => r.userId === 'learner-maya')!;
    const state = engineState(record.state)!;
    const page = await (await staff.get('/class')).text();
    const overview = csvRecords(await (await staff.get('/class/export/overview.csv', 'text/csv')).text()).find((r) => r['User ID'] === 'learner-maya')!;
    const attempts = csvRecords(await (await staff.get('/class/export/attempts.csv', 'text/csv')).text()).filter((r) => r['User ID'] === 'learner-maya');
    const cells = [...rowOf(page, 'learner-maya').matchAll(/<td class="heat heat-[^"]+">([\s\S]*?)<\/td>/g)].map((m) => text(m[1]!).trim());
    // She finished by mastering everything; a mastered estimate need not be 100%, and nothing rounds it up to say so.
    expect(state.mastered).to.have.members(doc.objectives.map((o) => o.id));
    expect(doc.objectives.some((o) => Math.round(state.mastery[o.id]! * 100) < 100), 'an estimate short of 100% to tell the rules apart').to.equal(true);
    doc.objectives.forEach((o, i) => {
      const estimate = state.mastery[o.id]!;
      expect(cells[i], o.title).to.equal(`${Math.round(estimate * 100)}% ✓ mastered`);
      expect(overview[`Mastery: ${o.title} (%)`], o.title).to.equal(String(Math.round(estimate * 1000) / 10));
      expect(overview[`Mastered: ${o.title}`], o.title).to.equal('yes');
      const last = attempts.map((a) => a['Mastery after']!.split('; ').find((m) => m.startsWith(`${o.title}: `))).filter((m) => m !== undefined).at(-1);
      expect(last, o.title).to.equal(`${o.title}: ${Math.round(estimate * 100)}% (mastered)`);
    });
    expect(text(page)).to.include('Mastery cells give the current mastery estimate in percent, as each learner’s story and the exports do; ✓ marks an objective the learner has mastered');
  });

  it('exports every attempt, one row each, in the order they were made', async () => {
    const res = await staff.get('/class/export/attempts.csv', 'text/csv');
    const rows = csvRecords(await res.text());
    const scope = { platformId: staff.session.platformId, contextId: staff.session.contextId, resourceLinkId: staff.session.resourceLinkId };
    const stored = [];
    for await (const a of ctx.tool.store.iterateAttempts(scope)) stored.push(a);
    expect(rows.map((r) => r['Attempt ID'])).to.deep.equal(stored.map((a) => a.id));
    // Liam's path depends on a per-learner seed: take his first answer to a question, whichever it was.
    const firstStored = stored.find((a) => a.userId === 'learner-liam' && readOutcome(a).kind === 'answer')!;
    const outcome = readOutcome(firstStored) as AnswerOutcome;
    const compiled = compileSequence(doc);
    const first = rows.find((r) => r['Attempt ID'] === firstStored.id)!;
    expect(first).to.deep.include({
      'Time (UTC)': new Date(firstStored.createdAt).toISOString(),
      Learner: "Liam O'Brien",
      'Activity ID': firstStored.activityId,
      Activity: compiled.activityById.get(firstStored.activityId)!.title,
      'Attempt in visit': '1',
      Correct: 'no',
      Answer: describeResponse(compiled.activityById.get(firstStored.activityId), firstStored.response).text,
      Misconception: outcome.misconception === null ? '' : compiled.misconceptionById.get(outcome.misconception)!.title!,
      'Feedback shown': outcome.feedback.map(markdownText).join(' / '),
      'Rule that chose the step': firstStored.outcome.ruleId as string,
    });
    expect(first['Mastery after']).to.match(/^Equivalent fractions: \d+%$/);
    const warmUp = rows.find((r) => r['Activity ID'] === 'warm-up' && r['User ID'] === 'learner-maya')!;
    expect(warmUp.Answer).to.equal('Equal to two thirds: 4/6; Quarter or eighth: 1/4; A half and a quarter: 0.75');
    expect(warmUp.Correct).to.equal('yes');
  });

  it('guards and quotes what learners typed', async () => {
    const body = await (await staff.get('/class/export/attempts.csv', 'text/csv')).text();
    expect(body).to.include(`,"'=HYPERLINK(""http://evil.example"",""click"")",`);
    expect(body).to.include(`,"a, b ""c""\nd",`);
    const answers = csvRecords(body).filter((r) => r['Attempt in visit'] === '1' && r['Activity ID'] === 'eq-simplify').map((r) => r.Answer);
    expect(answers).to.include.members([`'=HYPERLINK("http://evil.example","click")`, 'a, b "c"\nd', '-5']);
  });

  it('streams 5,000 attempts as a chunked response, every row present', async () => {
    const scope = { platformId: staff.session.platformId, contextId: staff.session.contextId, resourceLinkId: staff.session.resourceLinkId };
    const maya = await ctx.tool.store.selectLearner({ ...scope, userId: 'learner-maya' });
    const template = { record: maya!, attempts: await ctx.tool.store.selectAttempts({ ...scope, userId: 'learner-maya' }) };
    await seedClassAttempts(ctx.tool.store, scope, template, 50, 100);
    let expected = 0;
    for await (const _ of ctx.tool.store.iterateAttempts(scope)) expected++;
    expect(expected).to.be.at.least(5_000);

    const res = await staff.get('/class/export/attempts.csv', 'text/csv');
    expect(res.status).to.equal(200);
    expect(res.headers.get('transfer-encoding')).to.equal('chunked');
    expect(res.headers.get('content-length')).to.equal(null);
    let chunks = 0;
    let text = '';
    const decoder = new TextDecoder();
    const reader = res.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks++;
      text += decoder.decode(value, { stream: true });
    }
    expect(chunks, 'arrived in pieces').to.be.greaterThan(10);
    const rows = parseCsv(text);
    expect(rows).to.have.length(expected + 1);
    expect(rows.slice(1).every((r) => r.length === 13)).to.equal(true);
    expect(csvRecords(text).filter((r) => r['User ID'] === 'seeded-00049')).to.have.length(100);
    expect(csvRecords(text).find((r) => r['User ID'] === 'seeded-00049')?.Learner).to.equal('Learner seeded-00049');
  });
});
