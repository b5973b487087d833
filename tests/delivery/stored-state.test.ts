import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { fromStored, newPlayerState, readStored, toStored } from '../../server/delivery/player-state.js';
import { advance, compileSequence } from '../../server/engine/index.js';
import type { JsonObject } from '../../server/store/types.js';
import { loadSample } from '../engine/support/samples.js';
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

  it('writes the history apart from the state row, and reads the same state back', async () => {
    const learner = await Learner.launch(ctx.tool, 'learner-maya');
    for (let i = 0; i < 3; i++) {
      const screen = await toQuestion(learner, doc);
      await learner.act('/answer', [...at(screen), ['k', screen.key], ...answerFields(wrongAnswer(questionOf(doc, screen.question.id)))]);
    }
    const engine = fromStored((await learner.record()).state).engine;
    expect(engine.history.filter((h) => h.type === 'answer')).to.have.length.of.at.least(3);

    const db = new Database(path.join(ctx.tool.config.dataDir, 'tool.sqlite'), { readonly: true, fileMustExist: true });
    try {
      const row = db.prepare<[], { state: string; history_length: number }>('SELECT state, history_length FROM learners').get()!;
      const entries = db.prepare<[], string>('SELECT entries FROM learner_history ORDER BY from_index').pluck().all();
      expect(row.history_length, 'history entries counted on the row').to.equal(engine.history.length);
      expect(JSON.parse(row.state)).to.include({ format: 2 }).and.deep.include({ history: [] });
      expect(row.state, 'the row holds no history entry').to.not.include('"type":"enter"');
      expect(entries.length, 'appended in several commits').to.be.greaterThan(1);
      expect(entries.flatMap((e) => JSON.parse(e) as unknown[])).to.deep.equal(engine.history);
    } finally {
      db.close();
    }
  });
});
