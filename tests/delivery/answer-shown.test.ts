/**
 * Once a question is over and the learner's answer was wrong, the right
 * answer is shown, as its explanation is: the right choices marked "Correct
 * answer" in words beside them, a number with its units, an accepted text.
 * Never before: while attempts remain it would give the answer away. The page
 * without JavaScript and the JSON screen say the same (the page script only
 * swaps in the server's HTML: tests/browser/player-in-place checks that).
 */
import { expect } from 'chai';
import type { Answer, Question, SequenceDoc } from '../../server/engine/index.js';
import { loadSample } from '../engine/support/samples.js';
import { useTool } from '../helpers/hooks.js';
import { answerFields, at, correctAnswer, Learner, questionOf, toQuestion, wrongAnswer, type QuestionScreen, type Strategy } from './support/learner.js';

const fractions = loadSample('fractions');
const privacy = loadSample('data-privacy');

/** The options marked in a page, as "choice id: marks". */
function marks(html: string): string[] {
  return [...html.matchAll(/<label class="option[^"]*"[^>]*><input[^>]* value="([^"]+)"[\s\S]*?<\/label>/g)].flatMap((m) => {
    const words = [...m[0].matchAll(/<span class="(?:your|correct)-answer">([^<]+)<\/span>/g)].map((w) => w[1]);
    return words.length > 0 ? [`${m[1]}: ${words.join(', ')}`] : [];
  });
}

interface Missed {
  q: Question;
  /** The JSON screen after each attempt, the last one final. */
  screens: QuestionScreen[];
  html: string;
}

/** A warm-up missed whole, so the path has every objective to work on. */
const missedWarmUp: Strategy = { answer: (q) => (q.id.startsWith('dx-') || q.id.startsWith('diag-') ? wrongAnswer(q) : correctAnswer(q)) };

/** Plays to a question `where` accepts and answers it with `answer` until no attempt is left. */
async function missEveryAttempt(learner: Learner, doc: SequenceDoc, where: (q: Question) => boolean, answer: (q: Question) => Answer = wrongAnswer): Promise<Missed> {
  const screen = await toQuestion(learner, doc, missedWarmUp, (s) => where(questionOf(doc, s.question.id)));
  const q = questionOf(doc, screen.question.id);
  const screens: QuestionScreen[] = [];
  for (let i = 0; i < screen.attempts.max; i++) {
    const after = (await learner.act('/answer', [...at(screen), ['k', `missed-${q.id}-${i}-key`], ...answerFields(answer(q))])).screen;
    if (after.kind !== 'question') throw new Error(`expected the question, got ${after.kind}`);
    screens.push(after);
  }
  return { q, screens, html: (await learner.page()).html };
}

describe('delivery: the right answer once a question is over', function () {
  this.timeout(60_000);
  const ctx = useTool();

  it('single choice: the right option is marked "Correct answer" beside it, the learner’s "Your answer"', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-maya');
    const { q, screens, html } = await missEveryAttempt(learner, fractions, (q) => q.kind === 'singleChoice');
    if (q.kind !== 'singleChoice') throw new Error('not a single choice');
    const right = q.choices.find((c) => c.correct === true)!.id;
    const wrong = (wrongAnswer(q) as { choiceId: string }).choiceId;
    expect(screens.at(-1)!.feedback).to.include({ final: true, correct: false });
    expect(screens.at(-1)!.feedback!.correctAnswer).to.deep.equal({ kind: 'choices', choiceIds: [right] });
    expect(marks(html)).to.have.members([`${right}: Correct answer`, `${wrong}: Your answer`]);
    expect(html).to.contain('The correct answer is marked “Correct answer” above.');
    expect(html).to.match(/<label class="option is-right" for="choice-\d">/);
  });

  it('multiple choice: every right option is marked, the one the learner also chose with both marks', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-priya', 'link-privacy-basics');
    // One right option and one wrong: partly right, still wrong.
    const partly = (q: Question): Answer => {
      if (q.kind !== 'multipleChoice') throw new Error('not a multiple choice');
      return { kind: 'multipleChoice', choiceIds: [q.choices.find((c) => c.correct === true)!.id, q.choices.find((c) => c.correct !== true)!.id] };
    };
    const { q, screens, html } = await missEveryAttempt(learner, privacy, (q) => q.kind === 'multipleChoice', partly);
    if (q.kind !== 'multipleChoice') throw new Error('not a multiple choice');
    const right = q.choices.filter((c) => c.correct === true).map((c) => c.id);
    expect(right.length, 'the sample has a right option the learner missed').to.be.above(1);
    const [chosenRight, chosenWrong] = answerFields(partly(q)).map(([, id]) => id);
    expect(screens.at(-1)!.feedback!.correctAnswer).to.deep.equal({ kind: 'choices', choiceIds: right });
    expect(marks(html)).to.have.members([
      `${chosenRight}: Your answer, Correct answer`,
      `${chosenWrong}: Your answer`,
      ...right.filter((id) => id !== chosenRight).map((id) => `${id}: Correct answer`),
    ]);
    expect(html).to.contain('The correct answers are marked “Correct answer” above.');
  });

  it('a number: shown in the sequence’s locale with its units, beside the explanation', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-zanele');
    const { q, screens, html } = await missEveryAttempt(learner, fractions, (q) => q.kind === 'numeric' && q.units !== undefined);
    if (q.kind !== 'numeric') throw new Error('not numeric');
    const shown = `${q.answer} ${q.units}`;
    expect(screens.at(-1)!.feedback!.correctAnswer).to.deep.equal({ kind: 'text', text: shown });
    expect(html).to.contain(`<p class="answer-shown">The correct answer: <strong>${shown}</strong></p>`);
    expect(html).to.contain('<h3>How it works</h3>');
  });

  it('a text answer: its first accepted answer', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-tomas');
    const { q, screens, html } = await missEveryAttempt(learner, fractions, (q) => q.kind === 'shortText' && (q.acceptedAnswers?.length ?? 0) > 0);
    if (q.kind !== 'shortText') throw new Error('not a text question');
    expect(screens.at(-1)!.feedback!.correctAnswer).to.deep.equal({ kind: 'text', text: q.acceptedAnswers![0] });
    const escaped = q.acceptedAnswers![0]!.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    expect(html).to.contain(`The correct answer: <strong>${escaped}</strong>`);
  });

  it('never while attempts remain, nor after a right answer', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-liam');
    const screen = await toQuestion(learner, fractions, {}, (s) => s.question.kind === 'multipleChoice' && s.attempts.max > 1);
    const q = questionOf(fractions, screen.question.id);
    const first = (await learner.act('/answer', [...at(screen), ['k', 'not-yet-final-key'], ...answerFields(wrongAnswer(q))])).screen as QuestionScreen;
    expect(first.feedback).to.include({ final: false, correctAnswer: null });
    const page = (await learner.page()).html;
    expect(marks(page)).to.deep.equal([]);
    expect(page).not.to.contain('answer-shown');
    const right = (await learner.act('/answer', [...at(screen), ['k', 'right-at-last-key'], ...answerFields(correctAnswer(q))])).screen as QuestionScreen;
    expect(right.feedback).to.include({ final: true, correct: true, correctAnswer: null });
    expect((await learner.page()).html).not.to.contain('Correct answer');
  });
});
