import { expect } from 'chai';
import type { GradeReport } from '../../server/engine/index.js';
import { scoreFromReport } from '../../server/grades/from-report.js';

const report = (over: Partial<GradeReport>): GradeReport => ({
  method: 'meanMastery',
  score: 0.4,
  progress: 0.5,
  completed: false,
  masteredCount: 1,
  objectiveCount: 3,
  ...over,
});

describe('grades: the score sent for a grade report', () => {
  it('sends a running score as graded, with the activity still in progress, so gradebooks that ignore Pending show it', () => {
    const previous = report({ score: 0.2 });
    expect(scoreFromReport(report({ score: 0.4 }), previous)).to.deep.equal({
      scoreGiven: 40,
      scoreMaximum: 100,
      activityProgress: 'InProgress',
      gradingProgress: 'FullyGraded',
    });
  });

  it('says Completed once the path is complete', () => {
    expect(scoreFromReport(report({ score: 0.875, completed: true }), report({}))).to.include({ scoreGiven: 87.5, activityProgress: 'Completed', gradingProgress: 'FullyGraded' });
  });

  it('sends no score, NotReady, before there is anything to grade', () => {
    expect(scoreFromReport(report({ score: null }), null)).to.include({ scoreGiven: null, activityProgress: 'Started', gradingProgress: 'NotReady' });
  });
});
