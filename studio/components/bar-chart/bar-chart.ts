/**
 * <ap-bar-chart>: a small SVG bar chart with its numbers written on the bars,
 * plus the same data as a visually hidden table for screen readers (an SVG
 * chart alone is a picture to them).
 */
import { css, html, LitElement, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Bar } from '../../lib/simulation.js';
import { shared } from '../../styles/shared.js';

const H = 150;
const AXIS = 18;
const TOP = 16;

@customElement('ap-bar-chart')
export class BarChart extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      figure {
        margin: 0;
      }
      svg {
        display: block;
        height: auto;
        max-width: 100%;
      }
      .bar {
        fill: var(--ap-accent);
      }
      .value {
        fill: var(--ap-ink);
        font: 600 10px system-ui, sans-serif;
      }
      .label {
        fill: var(--ap-muted);
        font: 10px system-ui, sans-serif;
      }
      .axis {
        stroke: var(--ap-border-strong);
      }
      .caption {
        color: var(--ap-muted);
        font-size: 0.8rem;
        margin: 0.2rem 0 0;
      }
    `,
  ];

  @property({ attribute: false }) accessor bars: readonly Bar[] = [];
  /** What the chart shows, e.g. "Learners by number of steps". */
  @property() accessor caption = '';
  @property({ attribute: 'x-label' }) accessor xLabel = '';
  @property({ attribute: 'y-label' }) accessor yLabel = '';

  override render() {
    const bars = this.bars;
    const max = Math.max(1, ...bars.map((b) => b.value));
    // Wide enough for a count on every bar; a long histogram scales down to the panel (viewBox).
    const slot = Math.max(22, Math.min(44, 480 / Math.max(1, bars.length)));
    const width = Math.max(200, bars.length * slot + 8);
    // Label every bar while they fit; otherwise every n-th.
    const every = Math.ceil(bars.length / Math.floor(width / 26));
    return html`<figure>
      <svg width=${width} height=${H + AXIS} viewBox="0 0 ${width} ${H + AXIS}" aria-hidden="true">
        ${bars.map((b, i) => {
          const h = ((H - TOP) * b.value) / max;
          const x = 4 + i * slot;
          return svg`<g>
            <rect class="bar" x=${x + 2} y=${H - h} width=${slot - 4} height=${h} rx="2"><title>${b.label}: ${b.value}</title></rect>
            ${b.value > 0 ? svg`<text class="value" x=${x + slot / 2} y=${H - h - 3} text-anchor="middle">${b.value}</text>` : ''}
            ${i % every === 0 ? svg`<text class="label" x=${x + slot / 2} y=${H + 13} text-anchor="middle">${b.label}</text>` : ''}
          </g>`;
        })}
        <line class="axis" x1="0" x2=${width} y1=${H + 0.5} y2=${H + 0.5}></line>
      </svg>
      <figcaption class="caption">${this.caption}</figcaption>
      <table class="visually-hidden">
        <caption>${this.caption}</caption>
        <tr><th scope="col">${this.xLabel}</th><th scope="col">${this.yLabel}</th></tr>
        ${bars.map((b) => html`<tr><td>${b.label}</td><td>${b.value}</td></tr>`)}
      </table>
    </figure>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ap-bar-chart': BarChart;
  }
}
