/** The SVG charts on their own: accessible names, escaping, CSP-safe markup, and the numbers they draw. */
import { expect } from 'chai';
import { barChart, esc, lineChart } from '../../server/class/charts.js';
import { duration, percent } from '../../server/class/format.js';

describe('class: charts', () => {
  const hostile = '<script>alert(1)</script> & "quotes"';

  it('is one image named by its title and description', () => {
    const svg = barChart({ id: 'c1', title: 'First try', desc: 'Share right at the first try.', max: 1, bars: [{ label: 'Pizza', value: 0.5, valueText: '50%' }] });
    expect(svg).to.match(/^<svg [^>]*role="img"[^>]*aria-labelledby="c1-title c1-desc"/);
    expect(svg).to.include('<title id="c1-title">First try</title><desc id="c1-desc">Share right at the first try.</desc>');
  });

  it('escapes every text it is given, and has no style attribute for the CSP to refuse', () => {
    const bar = barChart({ id: 'c2', title: hostile, desc: hostile, max: 1, bars: [{ label: hostile, value: 1, valueText: hostile }] });
    const line = lineChart({ id: 'c3', title: hostile, desc: hostile, xMax: 3, xLabel: hostile, yLabel: hostile, series: [{ label: hostile, points: [{ x: 0, y: 0.2 }] }] });
    for (const svg of [bar, line]) {
      expect(svg).not.to.include('<script>');
      expect(svg).to.include(esc('<script>alert(1)</script>'));
      expect(svg).not.to.match(/\sstyle=/);
    }
    expect(esc(`<&>"'`)).to.equal('&#60;&#38;&#62;&#34;&#39;');
  });

  it('draws bars in proportion to the maximum, clamped to the plot', () => {
    const svg = barChart({ id: 'c4', title: 't', desc: 'd', max: 4, bars: [{ label: 'a', value: 2, valueText: '2' }, { label: 'b', value: 9, valueText: '9' }] });
    const widths = [...svg.matchAll(/class="chart-bar" x="\d+" y="\d+" width="([\d.]+)"/g)].map((m) => Number(m[1]));
    const track = Number(/class="chart-track" x="\d+" y="\d+" width="([\d.]+)"/.exec(svg)?.[1]);
    expect(widths).to.deep.equal([track / 2, track]);
    expect(barChart({ id: 'c5', title: 't', desc: 'd', max: 1, bars: [] })).to.include('No data yet.');
  });

  it('tells series apart by dash pattern and marker shape as well as colour', () => {
    const svg = lineChart({
      id: 'c6',
      title: 't',
      desc: 'd',
      xMax: 4,
      xLabel: 'Step',
      yLabel: 'Mastery',
      series: ['a', 'b', 'c'].map((label) => ({ label, target: 0.9, points: [{ x: 0, y: 0.1 }, { x: 4, y: 0.6 }] })),
    });
    const dashes = [...svg.matchAll(/<path class="chart-line" d="[^"]+"( stroke-dasharray="([^"]+)")?/g)].map((m) => m[2] ?? 'solid');
    expect(new Set(dashes).size).to.equal(3);
    expect(svg).to.include('<circle').and.include('<rect x=').and.include('<path d="M');
    expect(svg.match(/class="chart-target/g)).to.have.length(3);
  });

  it('writes percentages and durations the way the pages do', () => {
    expect(percent(0.456)).to.equal('46%');
    expect(duration(42)).to.equal('42 s');
    expect(duration(720)).to.equal('12 min');
    expect(duration(3900)).to.equal('1 h 05 min');
  });
});
