/** The charts the class pages show, built from their view models (the tables beside them carry the same numbers). */
import type { ActivityStats } from './activities.js';
import { barChart, lineChart } from './charts.js';
import { percent } from './format.js';
import type { Story } from './story.js';

/** An activity named in a chart's description, in full (bar labels may be shortened). */
function named(a: ActivityStats): string {
  return a.versionNote === null ? a.title : `${a.title} (learners on ${a.versionNote})`;
}

export function firstTryChart(activities: readonly ActivityStats[]): string {
  const answered = activities.filter((a) => a.isQuestion && a.firstTryShare !== null);
  const weakest = [...answered].sort((a, b) => (a.firstTryShare ?? 0) - (b.firstTryShare ?? 0))[0];
  return barChart({
    id: 'chart-first-try',
    title: 'Correct at the first try, per question',
    desc:
      answered.length === 0
        ? 'No question has been answered yet.'
        : `Share of learners whose first answer was right, for ${answered.length} questions. Lowest: ${weakest === undefined ? '' : named(weakest)} at ${percent(weakest?.firstTryShare ?? 0)}. The table below lists every value.`,
    max: 1,
    bars: answered.map((a) => ({ label: a.label, value: a.firstTryShare ?? 0, valueText: `${percent(a.firstTryShare ?? 0)} of ${a.answeredBy}` })),
  });
}

export function reachChart(activities: readonly ActivityStats[], learners: number): string {
  const reached = activities.filter((a) => a.reached > 0);
  const stops = activities.filter((a) => a.leftHere + a.stoppedHere > 0).sort((a, b) => b.leftHere + b.stoppedHere - (a.leftHere + a.stoppedHere));
  const top = stops[0];
  const where = top === undefined ? 'No learner has left the sequence part-way.' : `Most learners who left stopped at ${named(top)} (${top.leftHere + top.stoppedHere}).`;
  return barChart({
    id: 'chart-reach',
    title: 'Learners who reached each activity',
    desc: `How many of the ${learners} learners were shown each activity, in the sequence's order. ${where} The table below lists every value.`,
    max: Math.max(1, learners),
    bars: reached.map((a) => ({ label: a.label, value: a.reached, valueText: `${a.reached} learner${a.reached === 1 ? '' : 's'}` })),
  });
}

export function masteryChart(story: Story, learnerName: string): string {
  const final = story.series.map((s) => `${s.title} ${percent(s.points.at(-1)?.value ?? 0)} (target ${percent(s.threshold)})`).join('; ');
  return lineChart({
    id: 'chart-mastery',
    title: `${learnerName}: mastery over time`,
    desc: `Mastery estimate per objective after each step, ${story.steps} steps so far. Now: ${final}. The table below lists every change.`,
    xMax: story.steps,
    xLabel: 'Step',
    yLabel: 'Mastery',
    series: story.series.map((s) => ({ label: s.title, target: s.threshold, points: s.points.map((p) => ({ x: p.step, y: p.value })) })),
  });
}
