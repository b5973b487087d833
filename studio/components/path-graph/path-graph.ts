/**
 * <ap-path-graph>: the draft as a graph of what can follow what (see
 * lib/graph-model.ts), laid out by ELK and drawn as SVG.
 *
 * It follows the last draft that parsed: while the JSON is broken it keeps the
 * previous picture and says so. Every activity, rule and end point is a
 * focusable button named after what it is; activating one reveals it in the
 * editor.
 *
 * @event reveal-path - RevealPathEvent with the node's JSON pointer.
 */
import { css, html, LitElement, nothing, svg, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { RevealPathEvent } from '../../lib/events.js';
import { buildGraph } from '../../lib/graph-model.js';
import { layoutGraph, stopLayoutWorker, type GraphLayout, type Measure, type PlacedEdge, type PlacedNode } from '../../lib/graph-layout.js';
import { shared } from '../../styles/shared.js';

const FONTS = { title: '600 13px system-ui, sans-serif', detail: '11px system-ui, sans-serif' } as const;
const ZOOMS = [0.25, 0.33, 0.5, 0.67, 0.8, 1, 1.25, 1.5] as const;

function canvasMeasure(): Measure {
  const ctx = document.createElement('canvas').getContext('2d');
  const cache = new Map<string, number>();
  return (text, font) => {
    const key = `${font}\u0000${text}`;
    let width = cache.get(key);
    if (width === undefined) {
      if (ctx) {
        ctx.font = FONTS[font];
        width = ctx.measureText(text).width;
      } else width = text.length * (font === 'title' ? 7.5 : 6.2);
      cache.set(key, width);
    }
    return width;
  };
}

/** The zoom at which the whole picture shows in the canvas: at most 100 %, at least 20 %. */
function fitZoom(canvas: HTMLElement, layout: GraphLayout): number {
  // Whole pixels: the SVG's size is rounded up, and a fraction over would bring scrollbars.
  const fit = Math.min((canvas.clientWidth - 1) / Math.ceil(layout.width), (canvas.clientHeight - 1) / Math.ceil(layout.height));
  return Math.max(0.2, Math.min(1, Math.floor(fit * 100) / 100));
}

function pathData(points: readonly { x: number; y: number }[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
}

@customElement('ap-path-graph')
export class PathGraphElement extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 0;
      }
      .toolbar {
        border-bottom: 1px solid var(--ap-border);
        padding: 0.4rem 0.6rem;
      }
      .toolbar button {
        min-width: 2rem;
        justify-content: center;
      }
      .canvas {
        flex: 1;
        min-height: 0;
        overflow: auto;
        background: radial-gradient(circle, #d8deea 1px, transparent 1px) 0 0 / 16px 16px;
      }
      svg {
        display: block;
      }
      .edge {
        fill: none;
        stroke: #7b8599;
        stroke-width: 1.4;
      }
      .edge.candidate {
        stroke: #a3abbb;
        stroke-dasharray: 5 4;
      }
      .edge.asks {
        stroke: #a3abbb;
        stroke-dasharray: 2 3;
      }
      .edge.after {
        stroke: #9a6b00;
        stroke-dasharray: 6 3;
      }
      .edge.choice {
        stroke: #6f4bb8;
      }
      .edge.outcome {
        stroke: #2456c9;
      }
      .edge-label rect {
        fill: #fff;
        opacity: 0.9;
      }
      .edge-label text {
        fill: #444d60;
        font: 11px system-ui, sans-serif;
      }
      .node rect {
        fill: #fff;
        stroke: #b9c1d0;
        stroke-width: 1.2;
      }
      .node.activity rect {
        fill: #fff;
      }
      .node.start rect,
      .node.end rect {
        fill: #e5f5ea;
        stroke: #1f7a3d;
      }
      .node.unreachable rect {
        fill: #fff5dc;
        stroke: #8a5a00;
        stroke-dasharray: 4 3;
      }
      .node .title {
        fill: var(--ap-ink);
        font: 600 13px system-ui, sans-serif;
      }
      .node .detail {
        fill: var(--ap-muted);
        font: 11px system-ui, sans-serif;
      }
      .node {
        cursor: pointer;
      }
      .node:hover rect {
        stroke: var(--ap-accent);
      }
      .node:focus {
        outline: none;
      }
      .node:focus-visible rect,
      .node.selected rect {
        stroke: var(--ap-accent);
        stroke-width: 2.5;
      }
      .node:focus-visible rect {
        stroke: var(--ap-focus);
        stroke-width: 4;
      }
      .rules > rect {
        fill: #f6f4fc;
        stroke: #6f4bb8;
        stroke-width: 1.2;
      }
      .rules .heading {
        fill: #4b2f8f;
        font: 600 12px system-ui, sans-serif;
      }
      .rule rect {
        fill: transparent;
        stroke: none;
      }
      .rule + .rule line,
      .rule line {
        stroke: #ddd5f0;
      }
      .rule.default .title {
        font-style: italic;
      }
      .rule:focus-visible rect,
      .rule.selected rect {
        fill: #e8e1f8;
        stroke: var(--ap-accent);
        stroke-width: 2;
      }
      .rule:focus-visible rect {
        stroke: var(--ap-focus);
        stroke-width: 3;
      }
      .status {
        padding: 0.3rem 0.6rem;
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1rem;
        padding: 0.3rem 0.6rem;
        border-top: 1px solid var(--ap-border);
      }
      .legend svg {
        display: inline-block;
        vertical-align: middle;
      }
    `,
  ];

  /** The parsed draft (the last one that parsed). */
  @property({ attribute: false }) accessor doc: unknown = null;
  /** The editor's text does not parse: the picture is of an older draft. */
  @property({ type: Boolean }) accessor stale = false;
  /** JSON pointer of the activity or rule at the editor's cursor, highlighted. */
  @property() accessor selected = '';

  @state() private accessor layout: GraphLayout | null = null;
  @state() private accessor error = '';
  @state() private accessor busy = false;
  /** Set to fit the pane when the first picture is shown (see fitOnFirstShow). */
  @state() private accessor zoom = 1;

  private measure: Measure | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Layouts finish out of order; only the newest request may land. */
  private generation = 0;
  /** The zoom has been fitted to the pane once; after that it is the designer's. */
  private fitted = false;
  /** A picture laid out in a hidden tab has no pane to fit yet: this fits it once the canvas has a size. */
  private readonly resizeObserver = new ResizeObserver(() => this.fitOnFirstShow());

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
    this.generation++;
    this.resizeObserver.disconnect();
    stopLayoutWorker();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) {
      this.observeCanvas();
      this.schedule(0);
    }
  }

  protected override firstUpdated(): void {
    this.observeCanvas();
  }

  private observeCanvas(): void {
    const canvas = this.renderRoot.querySelector<HTMLElement>('.canvas');
    if (canvas) this.resizeObserver.observe(canvas);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('doc')) this.schedule(this.layout ? 350 : 0);
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.relayout(), delay);
  }

  private async relayout(): Promise<void> {
    const generation = ++this.generation;
    if (this.doc === null) {
      this.layout = null;
      return;
    }
    this.measure ??= canvasMeasure();
    this.busy = true;
    try {
      const layout = await layoutGraph(buildGraph(this.doc), this.measure);
      if (generation !== this.generation) return;
      const first = this.layout === null;
      this.layout = layout;
      this.error = '';
      if (first) void this.updateComplete.then(() => this.fitOnFirstShow());
    } catch (error) {
      if (generation !== this.generation) return;
      this.error = `The graph could not be laid out: ${(error as Error).message}`;
    } finally {
      if (generation === this.generation) this.busy = false;
    }
  }

  /**
   * The first picture fits the pane (never above 100 %): a fixed 80 % cut off
   * nodes at 1280 px. Waits for a canvas with a size; later pictures of the
   * same draft keep whatever zoom the designer chose.
   */
  private fitOnFirstShow(): void {
    if (this.fitted || !this.layout) return;
    const canvas = this.renderRoot.querySelector<HTMLElement>('.canvas');
    if (!canvas || canvas.clientWidth === 0 || canvas.clientHeight === 0) return;
    this.fitted = true;
    this.zoom = fitZoom(canvas, this.layout);
    void this.updateComplete.then(() => this.scrollToStart());
  }

  /** ELK centres the start chain on the tall column of activities: bring it into view. */
  private scrollToStart(): void {
    const canvas = this.renderRoot.querySelector<HTMLElement>('.canvas');
    const start = this.layout?.nodes.find((n) => n.node.kind === 'start');
    if (!canvas || !start) return;
    canvas.scrollTop = Math.max(0, (start.y + start.height / 2) * this.zoom - canvas.clientHeight / 3);
    canvas.scrollLeft = 0;
  }

  private reveal(path: string): void {
    this.dispatchEvent(new RevealPathEvent(path));
  }

  private onKey(event: KeyboardEvent, path: string): void {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.reveal(path);
    }
  }

  private setZoom(direction: -1 | 1 | 0): void {
    const canvas = this.renderRoot.querySelector<HTMLElement>('.canvas');
    if (!canvas || !this.layout) return;
    let next: number;
    if (direction === 0) {
      next = fitZoom(canvas, this.layout);
    } else {
      const i = ZOOMS.findIndex((z) => z >= this.zoom - 0.001);
      next = ZOOMS[Math.max(0, Math.min(ZOOMS.length - 1, (i === -1 ? ZOOMS.length - 1 : i) + direction))] ?? 1;
    }
    // Zoom about the middle of what is on screen, so the designer keeps their place.
    const cx = (canvas.scrollLeft + canvas.clientWidth / 2) / this.zoom;
    const cy = (canvas.scrollTop + canvas.clientHeight / 2) / this.zoom;
    this.zoom = next;
    void this.updateComplete.then(() => {
      canvas.scrollLeft = Math.max(0, cx * next - canvas.clientWidth / 2);
      canvas.scrollTop = Math.max(0, cy * next - canvas.clientHeight / 2);
    });
  }

  override render() {
    const layout = this.layout;
    const counts = layout ? `${layout.nodes.filter((n) => n.node.kind === 'activity').length} activities, ${layout.rules?.rows.length ?? 0} rules` : '';
    return html`
      <div class="toolbar row" role="toolbar" aria-label="Graph view">
        <span class="small muted" data-testid="graph-counts">${counts}</span>
        ${this.busy ? html`<span class="small muted" role="status">Laying out…</span>` : nothing}
        <span class="spacer"></span>
        <button type="button" @click=${() => this.setZoom(-1)} aria-label="Zoom out">−</button>
        <span class="small muted" aria-live="polite" data-testid="graph-zoom">${Math.round(this.zoom * 100)}%</span>
        <button type="button" @click=${() => this.setZoom(1)} aria-label="Zoom in">+</button>
        <button type="button" @click=${() => this.setZoom(0)}>Fit</button>
      </div>
      ${this.stale ? html`<p class="status notice small" role="status">The JSON has a syntax error; the graph shows the last version that parsed.</p>` : nothing}
      ${this.error ? html`<p class="status notice bad small" role="alert">${this.error}</p>` : nothing}
      <div class="canvas">${layout ? this.renderSvg(layout) : html`<p class="status muted">${this.doc === null ? 'Nothing to draw yet.' : 'Drawing…'}</p>`}</div>
      <div class="legend small muted" aria-hidden="true">
        ${this.legendItem('outcome', 'goes to')} ${this.legendItem('choice', 'learner chooses')} ${this.legendItem('candidate', 'may pick (pool, review)')}
        ${this.legendItem('after', 'rule applies after')} ${this.legendItem('asks', 'diagnostic asks')}
      </div>
    `;
  }

  private legendItem(kind: string, text: string) {
    return html`<span><svg width="28" height="8">${svg`<path class="edge ${kind}" d="M1,4 L27,4"></path>`}</svg> ${text}</span>`;
  }

  private renderSvg(layout: GraphLayout) {
    const w = Math.ceil(layout.width);
    const h = Math.ceil(layout.height);
    return html`<svg
      role="group"
      aria-label="Path graph: ${layout.nodes.length + (layout.rules?.rows.length ?? 0)} items"
      width=${Math.ceil(w * this.zoom)}
      height=${Math.ceil(h * this.zoom)}
      viewBox="0 0 ${w} ${h}"
    >
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" fill="#7b8599"></path>
        </marker>
      </defs>
      <g class="edges">${layout.edges.map((e) => this.renderEdge(e))}</g>
      ${layout.rules ? this.renderRules(layout) : nothing}
      <g class="nodes">${layout.nodes.map((n) => this.renderNode(n))}</g>
    </svg>`;
  }

  private renderEdge(e: PlacedEdge) {
    const label = e.label;
    return svg`<g data-edge=${e.edge.id}>
      <path class="edge ${e.edge.kind}" d=${pathData(e.points)} marker-end="url(#arrow)"><title>${e.edge.title || e.edge.label}</title></path>
      ${
        label
          ? svg`<g class="edge-label"><rect x=${label.x} y=${label.y} width=${label.width} height=${label.height} rx="3"></rect>
              <text x=${label.x + label.width / 2} y=${label.y + label.height - 4} text-anchor="middle">${label.text}</text></g>`
          : nothing
      }
    </g>`;
  }

  private renderNode(p: PlacedNode) {
    const n = p.node;
    const classes = ['node', n.kind, n.unreachable && n.kind === 'activity' ? 'unreachable' : '', this.selected && this.selected === n.path ? 'selected' : ''].join(' ');
    return svg`<g
      class=${classes}
      transform="translate(${p.x},${p.y})"
      tabindex="0"
      role="button"
      aria-label=${n.description}
      data-node=${n.id}
      @click=${() => this.reveal(n.path)}
      @keydown=${(e: KeyboardEvent) => this.onKey(e, n.path)}
    >
      <title>${n.description}</title>
      <rect width=${p.width} height=${p.height} rx=${n.kind === 'activity' ? 6 : p.height / 2}></rect>
      <text class="title" x="12" y="19">${p.lines[0]}</text>
      <text class="detail" x="12" y="35">${p.lines[1]}</text>
    </g>`;
  }

  private renderRules(layout: GraphLayout) {
    const r = layout.rules!;
    return svg`<g class="rules" transform="translate(${r.x},${r.y})">
      <rect width=${r.width} height=${r.height} rx="8"></rect>
      <text class="heading" x="12" y="21">${r.title}</text>
      ${r.rows.map((row, i) => {
        const n = row.node;
        const top = row.y - r.y;
        const classes = ['node', 'rule', n.isDefault ? 'default' : '', this.selected && this.selected === n.path ? 'selected' : ''].join(' ');
        return svg`<g
          class=${classes}
          transform="translate(0,${top})"
          tabindex="0"
          role="button"
          aria-label=${`${i + 1}. ${n.description}`}
          data-node=${n.id}
          @click=${() => this.reveal(n.path)}
          @keydown=${(e: KeyboardEvent) => this.onKey(e, n.path)}
        >
          <title>${n.description}</title>
          <line x1="8" x2=${r.width - 8} y1="0" y2="0"></line>
          <rect x="3" y="2" width=${r.width - 6} height=${row.height - 4} rx="5"></rect>
          <text class="title" x="12" y="18">${row.lines[0]}</text>
          <text class="detail" x="12" y="34">${row.lines[1]}</text>
        </g>`;
      })}
    </g>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ap-path-graph': PathGraphElement;
  }
}
