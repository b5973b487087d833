import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { fromStored, newPlayerState, readStored, toStored } from '../../server/delivery/player-state.js';
import { advance, compileSequence } from '../../server/engine/index.js';
import type { JsonObject } from '../../server/store/types.js';
import { loadSample } from '../engine/support/samples.js';
import { launchStaff } from '../class/support.js';
import { useTool } from '../helpers/hooks.js';
import { answerFields, at, Learner, questionOf, toQuestion, wrongAnswer } from './support/learner.js';

describe('Player state as stored', () => {
  const compiled = compileSequence(loadSample('fractions'));
  const played = () => {
    const first = newPlayerState(compiled, 7);
    const { state } = advance(compiled, first.engine);
    return { engine: state, memo: first.memo };
  };

  it('keeps the history at the top level, where the store can append it apart from the rest', () => {
    const state = played();
    const stored = toStored(state) as Record<string, unknown>;
    expect(stored.format).to.equal(2);
    expect(stored.history).to.deep.equal(state.engine.history);
    expect(stored.engine).to.not.have.property('history');
    expect(fromStored(JSON.parse(JSON.stringify(stored)) as JsonObject)).to.deep.equal(state);
  });

  it('still reads format 1, written before, with the history inside the engine state', () => {
    const state = played();
    const legacy = JSON.parse(JSON.stringify({ format: 1, engine: state.engine, memo: state.memo })) as JsonObject;
    expect(fromStored(legacy)).to.deep.equal(state);
  });

  it('refuses anything else: fromStored throws, readStored answers null', () => {
    const { engine, memo } = toStored(played()) as { engine: JsonObject; memo: JsonObject };
    const unreadable: JsonObject[] = [{}, { format: 3, engine, memo, history: [] }, { format: 2, engine, memo }, { format: 2, engine: [], memo, history: [] }, { format: 1, engine, memo }];
    for (const stored of unreadable) {
      expect(readStored(stored), JSON.stringify(stored).slice(0, 80)).to.equal(null);
      expect(() => fromStored(stored)).to.throw(/not a player state/);
    }
  });
});

describe('Player state in the SQLite store, after real answers', () => {
  const ctx = useTool();
  const doc = loadSample('fractions');
  const openDb = (readonly: boolean) => new Database(path.join(ctx.tool.config.dataDir, 'tool.sqlite'), { readonly, fileMustExist: true });
  const answerWrong = async (learner: Learner) => {
    const screen = await toQuestion(learner, doc);
    await learner.act('/answer', [...at(screen), ['k', screen.key], ...answerFields(wrongAnswer(questionOf(doc, screen.question.id)))]);
  };

  it('writes the history apart from the state row, and reads the same state back', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-maya');
    for (let i = 0; i < 3; i++) await answerWrong(learner);
    const engine = fromStored((await learner.record()).state).engine;
    expect(engine.history.filter((h) => h.type === 'answer')).to.have.length.of.at.least(3);

    const db = openDb(true);
    try {
      const row = db.prepare<[string], { state: string; history_length: number }>('SELECT state, history_length FROM learners WHERE user_id = ?').get('learner-maya')!;
      const entries = db.prepare<[string], string>('SELECT entries FROM learner_history WHERE user_id = ? ORDER BY from_index').pluck().all('learner-maya');
      expect(row.history_length, 'history entries counted on the row').to.equal(engine.history.length);
      expect(JSON.parse(row.state)).to.include({ format: 2 }).and.deep.include({ history: [] });
      expect(row.state, 'the row holds no history entry').to.not.include('"type":"enter"');
      expect(entries.length, 'appended in several commits').to.be.greaterThan(1);
      expect(entries.flatMap((e) => JSON.parse(e) as unknown[])).to.deep.equal(engine.history);
    } finally {
      db.close();
    }
  });

  it('carries on a learner whose record was written in format 1, and rewrites it in format 2', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-liam');
    await answerWrong(learner);
    const before = await learner.screen();
    const { engine, memo } = fromStored((await learner.record()).state);
    const legacy = JSON.stringify({ format: 1, engine, memo });
    const db = openDb(false);
    try {
      // As the previous release stored it: the history inside the engine state, nothing in learner_history.
      db.prepare('DELETE FROM learner_history WHERE user_id = ?').run('learner-liam');
      db.prepare('UPDATE learners SET state = ?, history_length = 0, revision = revision + 1 WHERE user_id = ?').run(legacy, 'learner-liam');
    } finally {
      db.close();
    }
    // Every rendering of a question carries a fresh idempotency key; all else is the same screen.
    const withoutKey = (screen: object) => ({ ...screen, key: null });
    expect(withoutKey(await learner.screen()), 'the same screen as before').to.deep.equal(withoutKey(before));
    const staff = await launchStaff(ctx.tool);
    const res = await staff.get('/class/learners/learner-liam');
    const page = await res.text();
    expect(res.status, page.slice(0, 2000)).to.equal(200);
    expect(page).to.not.include('unreadable');
    // Read from the format-1 state: the story and the mastery chart, not the "progress unreadable" note.
    expect(page).to.match(/Mastery estimate per objective after each step, \d+ steps? so far/);
    expect(page).to.include('Their path, step by step');

    await answerWrong(learner);
    const after = fromStored((await learner.record()).state).engine;
    expect(after.history.slice(0, engine.history.length), 'the earlier history kept').to.deep.equal(engine.history);
    expect(after.history.length).to.be.greaterThan(engine.history.length);
    const check = openDb(true);
    try {
      const row = check.prepare<[string], { state: string; history_length: number }>('SELECT state, history_length FROM learners WHERE user_id = ?').get('learner-liam')!;
      expect(JSON.parse(row.state)).to.include({ format: 2 });
      expect(row.history_length).to.equal(after.history.length);
      const entries = check.prepare<[string], string>('SELECT entries FROM learner_history WHERE user_id = ? ORDER BY from_index').pluck().all('learner-liam');
      expect(entries.flatMap((e) => JSON.parse(e) as unknown[])).to.deep.equal(after.history);
    } finally {
      check.close();
    }
  });
});
