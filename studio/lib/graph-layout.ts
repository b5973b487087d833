/**
 * Lays out a PathGraph with elkjs (layered, left to right) in a Web Worker, so
 * a large sequence never blocks typing. The rules box is one ELK node whose
 * rows the studio draws itself: each rule gets a fixed port on the box's edge
 * at its row, which keeps the rules in the order the engine tries them (ELK
 * would otherwise reorder them to reduce crossings), and activities keep their
 * authored order within a column.
 */
import type { ElkExtendedEdge, ElkNode, ElkPort } from 'elkjs/lib/elk-api.js';
import elkModule from 'elkjs/lib/elk-api.js';
import type { GraphEdge, GraphNode, PathGraph } from './graph-model.js';

export type Measure = (text: string, font: 'title' | 'detail') => number;

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PlacedNode extends Box {
  readonly node: GraphNode;
  /** Title and detail, shortened with an ellipsis to fit. */
  readonly lines: readonly [string, string];
}

export interface PlacedRules extends Box {
  readonly title: string;
  readonly rows: readonly PlacedNode[];
}

export interface PlacedEdge {
  readonly edge: GraphEdge;
  readonly points: readonly Point[];
  readonly label: (Box & { readonly text: string }) | null;
}

export interface GraphLayout extends Box {
  readonly nodes: readonly PlacedNode[];
  readonly rules: PlacedRules | null;
  readonly edges: readonly PlacedEdge[];
}

export const NODE = { height: 46, minWidth: 120, maxWidth: 240, padX: 12 } as const;
export const RULES = { header: 34, row: 44, minWidth: 220, maxWidth: 340, padX: 12 } as const;
const LABEL = { height: 16, padX: 4 } as const;

/** What lays a graph out: elkjs, in its worker in the studio, or in-process in tests. */
export interface LayoutEngine {
  layout(graph: ElkNode): Promise<ElkNode>;
}

type ElkConstructor = new (args: { workerUrl: string }) => LayoutEngine & { terminateWorker(): void };
// elk-api.js is CommonJS; under ESM interop the constructor is its `default` export.
const ELK: ElkConstructor = ((elkModule as unknown as { default?: ElkConstructor }).default ?? elkModule) as unknown as ElkConstructor;

let instance: InstanceType<ElkConstructor> | null = null;

function elkWorkerUrl(): string {
  const script = document.querySelector<HTMLScriptElement>('script[src*="studio.js"]');
  return script ? new URL('elk.worker.js', script.src).href : '/static/studio/elk.worker.js';
}

/** Stops the layout worker (the graph calls this when it leaves the page). */
export function stopLayoutWorker(): void {
  instance?.terminateWorker();
  instance = null;
}

/** `text` cut to `width` pixels with an ellipsis. */
export function fit(text: string, width: number, font: 'title' | 'detail', measure: Measure): string {
  if (measure(text, font) <= width) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (measure(`${text.slice(0, mid)}…`, font) <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo)}…`;
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}

export async function layoutGraph(graph: PathGraph, measure: Measure, engine?: LayoutEngine): Promise<GraphLayout> {
  const boxes = graph.nodes.filter((n) => !n.inRules);
  const ruleNodes = graph.nodes.filter((n) => n.inRules);
  const sizes = new Map<string, number>();
  for (const n of boxes) {
    const natural = Math.max(measure(n.label, 'title'), measure(n.detail, 'detail')) + 2 * NODE.padX;
    sizes.set(n.id, clamp(Math.ceil(natural), NODE.minWidth, NODE.maxWidth));
  }
  const rulesWidth = clamp(
    Math.ceil(Math.max(0, ...ruleNodes.map((n) => Math.max(measure(n.label, 'title'), measure(n.detail, 'detail')))) + 2 * RULES.padX),
    RULES.minWidth,
    RULES.maxWidth,
  );
  const rulesHeight = RULES.header + ruleNodes.length * RULES.row + 6;
  const rowY = (i: number) => RULES.header + i * RULES.row + RULES.row / 2;
  const ruleIndex = new Map(ruleNodes.map((n, i) => [n.id, i] as const));

  const children: ElkNode[] = boxes.map((n) => ({ id: n.id, width: sizes.get(n.id) ?? NODE.minWidth, height: NODE.height }));
  if (ruleNodes.length > 0) {
    const ports: ElkPort[] = [
      { id: `${graph.rulesBox}:in`, x: -1, y: RULES.header / 2, width: 1, height: 1, layoutOptions: { 'elk.port.side': 'WEST' } },
      { id: `${graph.rulesBox}:out`, x: rulesWidth, y: RULES.header / 2, width: 1, height: 1, layoutOptions: { 'elk.port.side': 'EAST' } },
    ];
    ruleNodes.forEach((n, i) => {
      ports.push({ id: `${n.id}:in`, x: -1, y: rowY(i), width: 1, height: 1, layoutOptions: { 'elk.port.side': 'WEST' } });
      ports.push({ id: `${n.id}:out`, x: rulesWidth, y: rowY(i), width: 1, height: 1, layoutOptions: { 'elk.port.side': 'EAST' } });
    });
    children.push({ id: graph.rulesBox, width: rulesWidth, height: rulesHeight, ports, layoutOptions: { 'elk.portConstraints': 'FIXED_POS' } });
  }

  const endpoint = (id: string, end: 'in' | 'out'): string | null => {
    if (id === graph.rulesBox) return ruleNodes.length > 0 ? `${id}:${end}` : null;
    if (ruleIndex.has(id)) return `${id}:${end}`;
    return sizes.has(id) ? id : null;
  };
  const edges: ElkExtendedEdge[] = [];
  const byId = new Map<string, GraphEdge>();
  for (const e of graph.edges) {
    const source = endpoint(e.source, 'out');
    const target = endpoint(e.target, 'in');
    if (source === null || target === null) continue;
    byId.set(e.id, e);
    // Only edges whose words add something are labelled: a pool's or a choice's many
    // edges would repeat the same word, which the line style and the rule row already say.
    const labelled = e.label && (e.kind === 'flow' || e.kind === 'outcome' || e.kind === 'after');
    const labels = labelled ? [{ text: e.label, width: Math.ceil(measure(e.label, 'detail')) + 2 * LABEL.padX, height: LABEL.height }] : [];
    // Keep the start chain straight: it is how every path begins, so it should read as a line.
    const layoutOptions = e.kind === 'flow' ? { 'elk.layered.priority.straightness': '20', 'elk.layered.priority.direction': '10' } : undefined;
    edges.push({ id: e.id, sources: [source], targets: [target], labels, ...(layoutOptions ? { layoutOptions } : {}) });
  }

  if (!engine) {
    instance ??= new ELK({ workerUrl: elkWorkerUrl() });
    engine = instance;
  }
  const result = await engine.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.spacing.nodeNodeBetweenLayers': '56',
      'elk.layered.spacing.edgeNodeBetweenLayers': '14',
      'elk.spacing.nodeNode': '16',
      'elk.spacing.edgeEdge': '8',
      'elk.spacing.edgeLabel': '2',
      'elk.edgeLabels.placement': 'CENTER',
      'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
      // Nodes keep the order they are listed in (start, activities as authored, end) within a
      // layer: by default crossing minimisation shuffled a review's five questions into First,
      // Fourth, Third, Fifth, Second, which reads as a mistake. The price, measured on the two
      // samples: more edge crossings (up to about 1.9x) and a layout 2–3x slower, still
      // off the main thread; a column that reads like the JSON is easier to find one's way in.
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.layered.crossingMinimization.forceNodeModelOrder': 'true',
      'elk.padding': '[top=16,left=16,bottom=16,right=16]',
    },
    children,
    edges,
  });

  const placed = new Map((result.children ?? []).map((c) => [c.id, c] as const));
  const nodes: PlacedNode[] = [];
  for (const n of boxes) {
    const c = placed.get(n.id);
    if (!c) continue;
    const width = c.width ?? NODE.minWidth;
    const inner = width - 2 * NODE.padX;
    nodes.push({ node: n, x: c.x ?? 0, y: c.y ?? 0, width, height: c.height ?? NODE.height, lines: [fit(n.label, inner, 'title', measure), fit(n.detail, inner, 'detail', measure)] });
  }
  let rules: PlacedRules | null = null;
  const box = placed.get(graph.rulesBox);
  if (box && ruleNodes.length > 0) {
    const x = box.x ?? 0;
    const y = box.y ?? 0;
    const inner = rulesWidth - 2 * RULES.padX;
    rules = {
      x,
      y,
      width: rulesWidth,
      height: rulesHeight,
      title: 'Rules, tried top to bottom',
      rows: ruleNodes.map((n, i) => ({
        node: n,
        x,
        y: y + RULES.header + i * RULES.row,
        width: rulesWidth,
        height: RULES.row,
        lines: [fit(n.label, inner, 'title', measure), fit(n.detail, inner, 'detail', measure)] as const,
      })),
    };
  }
  const placedEdges: PlacedEdge[] = [];
  for (const e of (result.edges ?? []) as ElkExtendedEdge[]) {
    const edge = byId.get(e.id);
    const section = e.sections?.[0];
    if (!edge || !section) continue;
    const label = e.labels?.[0];
    placedEdges.push({
      edge,
      points: [section.startPoint, ...(section.bendPoints ?? []), section.endPoint],
      label: label && label.text ? { x: label.x ?? 0, y: label.y ?? 0, width: label.width ?? 0, height: label.height ?? LABEL.height, text: label.text } : null,
    });
  }
  return { x: 0, y: 0, width: result.width ?? 0, height: result.height ?? 0, nodes, rules, edges: placedEdges };
}
