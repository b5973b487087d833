/**
 * Small server-rendered SVG charts. Each is one image to assistive
 * technology (`role="img"` named by its <title> and <desc>); the page puts a
 * table with the same numbers next to it. No script and no style attributes
 * (CSP): colours come from classes in class.css, and series also differ by
 * dash pattern and marker shape, so colour is never the only cue.
 *
 * Every piece of text passes through esc(); callers hand in plain strings.
 */

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const WIDTH = 640;
const LABEL_WIDTH = 230;
const VALUE_WIDTH = 70;
const BAR_HEIGHT = 18;
const ROW = 26;
const MAX_LABEL = 32;

export interface Bar {
  label: string;
  /** In units of `max`. */
  value: number;
  /** What is printed at the end of the bar ("64%", "12 learners"). */
  valueText: string;
}

export interface BarChart {
  id: string;
  title: string;
  desc: string;
  bars: readonly Bar[];
  max: number;
}

/** Labels longer than `max` characters end in an ellipsis: the chart's label column holds no more. */
export function shorten(label: string, max = MAX_LABEL): string {
  return label.length > max ? `${label.slice(0, Math.max(1, max - 1))}…` : label;
}

/** A label with a suffix that must stay readable ("… · v2"): the rest is shortened to make room for it. */
export function labelWith(label: string, suffix: string): string {
  return `${shorten(label, MAX_LABEL - suffix.length)}${suffix}`;
}

function frame(id: string, title: string, desc: string, height: number, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" ` +
    `aria-labelledby="${esc(id)}-title ${esc(id)}-desc" focusable="false">` +
    `<title id="${esc(id)}-title">${esc(title)}</title><desc id="${esc(id)}-desc">${esc(desc)}</desc>${body}</svg>`
  );
}

export function barChart(chart: BarChart): string {
  const plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const height = Math.max(1, chart.bars.length) * ROW + 8;
  const rows = chart.bars.map((bar, i) => {
    const y = 4 + i * ROW;
    const w = chart.max > 0 ? Math.max(0, Math.min(1, bar.value / chart.max)) * plot : 0;
    return (
      `<text class="chart-label" x="${LABEL_WIDTH - 8}" y="${y + 13}" text-anchor="end">${esc(shorten(bar.label))}</text>` +
      `<rect class="chart-track" x="${LABEL_WIDTH}" y="${y}" width="${plot}" height="${BAR_HEIGHT}" rx="3"/>` +
      `<rect class="chart-bar" x="${LABEL_WIDTH}" y="${y}" width="${w.toFixed(1)}" height="${BAR_HEIGHT}" rx="3"/>` +
      `<text class="chart-value" x="${LABEL_WIDTH + plot + 6}" y="${y + 13}">${esc(bar.valueText)}</text>`
    );
  });
  const empty = chart.bars.length === 0 ? `<text class="chart-label" x="8" y="20">No data yet.</text>` : '';
  return frame(chart.id, chart.title, chart.desc, height, rows.join('') + empty);
}

export interface LineSeries {
  label: string;
  points: ReadonlyArray<{ x: number; y: number }>;
  /** A horizontal reference drawn in the series' pattern, e.g. the mastery threshold. */
  target?: number;
}

export interface LineChart {
  id: string;
  title: string;
  desc: string;
  series: readonly LineSeries[];
  xMax: number;
  xLabel: string;
  /** y runs 0..1 and is labelled in percent. */
  yLabel: string;
}

const DASHES = ['', '6 4', '2 3', '10 3 2 3', '1 5'];
const PLOT = { left: 48, right: 16, top: 12, bottom: 40 };
const LINE_HEIGHT = 240;

function marker(kind: number, x: number, y: number): string {
  const p = `${x.toFixed(1)},${y.toFixed(1)}`;
  switch (kind % 3) {
    case 0:
      return `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3.5"/>`;
    case 1:
      return `<rect x="${(x - 3.5).toFixed(1)}" y="${(y - 3.5).toFixed(1)}" width="7" height="7"/>`;
    default:
      return `<path d="M${p} m0,-4.5 l4,7.5 h-8 z"/>`;
  }
}

export function lineChart(chart: LineChart): string {
  const legendRows = Math.ceil(chart.series.length / 2);
  const height = LINE_HEIGHT + legendRows * 20;
  const plotW = WIDTH - PLOT.left - PLOT.right;
  const plotH = LINE_HEIGHT - PLOT.top - PLOT.bottom;
  const xMax = Math.max(1, chart.xMax);
  const sx = (x: number) => PLOT.left + (x / xMax) * plotW;
  const sy = (y: number) => PLOT.top + (1 - Math.max(0, Math.min(1, y))) * plotH;

  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map((t) => `<line class="chart-grid" x1="${PLOT.left}" x2="${PLOT.left + plotW}" y1="${sy(t)}" y2="${sy(t)}"/><text class="chart-axis" x="${PLOT.left - 6}" y="${sy(t) + 4}" text-anchor="end">${Math.round(t * 100)}%</text>`)
    .join('');
  const ticks = xTicks(xMax)
    .map((x) => `<text class="chart-axis" x="${sx(x).toFixed(1)}" y="${PLOT.top + plotH + 16}" text-anchor="middle">${x}</text>`)
    .join('');
  const axes =
    `<text class="chart-axis" x="${PLOT.left + plotW / 2}" y="${PLOT.top + plotH + 32}" text-anchor="middle">${esc(chart.xLabel)}</text>` +
    `<text class="chart-axis" x="12" y="${PLOT.top + plotH / 2}" text-anchor="middle" transform="rotate(-90 12 ${PLOT.top + plotH / 2})">${esc(chart.yLabel)}</text>`;

  const lines = chart.series.map((s, i) => {
    const dash = DASHES[i % DASHES.length] ?? '';
    const dashAttr = dash === '' ? '' : ` stroke-dasharray="${dash}"`;
    const path = s.points.map((p, j) => `${j === 0 ? 'M' : 'L'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
    const target = s.target === undefined ? '' : `<line class="chart-target series-${i % 5}" x1="${PLOT.left}" x2="${PLOT.left + plotW}" y1="${sy(s.target).toFixed(1)}" y2="${sy(s.target).toFixed(1)}" stroke-dasharray="1 4"/>`;
    const markers = s.points.map((p) => marker(i, sx(p.x), sy(p.y))).join('');
    return `<g class="series series-${i % 5}">${target}<path class="chart-line" d="${path}"${dashAttr}/>${markers}</g>`;
  });

  const legend = chart.series.map((s, i) => {
    const x = PLOT.left + (i % 2) * (plotW / 2);
    const y = LINE_HEIGHT + Math.floor(i / 2) * 20 + 4;
    const dash = DASHES[i % DASHES.length] ?? '';
    return (
      `<g class="series series-${i % 5}"><line class="chart-line" x1="${x}" x2="${x + 28}" y1="${y}" y2="${y}"${dash === '' ? '' : ` stroke-dasharray="${dash}"`}/>${marker(i, x + 14, y)}` +
      `<text class="chart-label" x="${x + 36}" y="${y + 4}">${esc(shorten(s.label))}</text></g>`
    );
  });
  return frame(chart.id, chart.title, chart.desc, height, grid + ticks + axes + lines.join('') + legend.join(''));
}

/** At most ~10 integer ticks from 0 to max. */
function xTicks(max: number): number[] {
  const step = Math.max(1, Math.ceil(max / 10));
  const ticks: number[] = [];
  for (let x = 0; x <= max; x += step) ticks.push(x);
  if (ticks.at(-1) !== max) ticks.push(max);
  return ticks;
}
