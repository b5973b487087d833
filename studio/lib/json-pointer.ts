/**
 * JSON Pointers (RFC 6901) ↔ places in the JSON text the designer is editing.
 *
 * Server issues carry pointers into the parsed document; the editor needs line
 * and column ranges in the text. This module parses the text once into a tree
 * that remembers where every value and property name starts and ends, then
 * walks a pointer down that tree. Pure (no DOM, no Monaco) so it is unit-tested
 * in Node; ranges use Monaco's shape (1-based lines and UTF-16 columns).
 *
 * The scanner is deliberately tolerant: an issue computed for a slightly older
 * text still lands somewhere sensible, and a pointer that goes deeper than the
 * text (a missing property) resolves to its deepest existing ancestor.
 */

export interface TextRange {
  readonly startLineNumber: number;
  readonly startColumn: number;
  readonly endLineNumber: number;
  readonly endColumn: number;
}

export interface PointerLocation {
  readonly range: TextRange;
  /** False when only an ancestor of the pointer exists in the text. */
  readonly exact: boolean;
  /** The pointer that was actually found (the pointer itself when exact). */
  readonly found: string;
}

type JsonNode =
  | { readonly type: 'object'; readonly start: number; end: number; readonly members: Member[] }
  | { readonly type: 'array'; readonly start: number; end: number; readonly items: JsonNode[] }
  | { readonly type: 'scalar'; readonly start: number; readonly end: number };

interface Member {
  readonly key: string;
  readonly keyStart: number;
  readonly keyEnd: number;
  readonly value: JsonNode | null;
}

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`not a JSON pointer: ${JSON.stringify(pointer)}`);
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function formatPointer(tokens: ReadonlyArray<string | number>): string {
  return tokens.map((t) => `/${String(t).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** Offsets → 1-based line/column, with a line index built once per text. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  position(offset: number): { lineNumber: number; column: number } {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { lineNumber: lo + 1, column: clamped - (this.starts[lo] ?? 0) + 1 };
  }

  range(start: number, end: number): TextRange {
    const a = this.position(start);
    const b = this.position(end);
    return { startLineNumber: a.lineNumber, startColumn: a.column, endLineNumber: b.lineNumber, endColumn: b.column };
  }

  /** Offset where the line holding `offset` ends (before its newline). */
  lineEnd(offset: number): number {
    const next = this.text.indexOf('\n', offset);
    const end = next === -1 ? this.text.length : next;
    return end > offset && this.text.charCodeAt(end - 1) === 13 ? end - 1 : end;
  }
}

class Scanner {
  pos = 0;
  constructor(private readonly text: string) {}

  skipSpace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.pos++;
      else if (c === 47 && t.charCodeAt(this.pos + 1) === 47) {
        // Line comment: not JSON, but tolerated so a stray comment does not hide every issue.
        const nl = t.indexOf('\n', this.pos);
        this.pos = nl === -1 ? t.length : nl + 1;
      } else if (c === 47 && t.charCodeAt(this.pos + 1) === 42) {
        const close = t.indexOf('*/', this.pos + 2);
        this.pos = close === -1 ? t.length : close + 2;
      } else break;
    }
  }

  peek(): string {
    return this.text.charAt(this.pos);
  }

  /** A string token; returns its decoded value and leaves pos after the closing quote. */
  string(): string {
    const t = this.text;
    const start = this.pos;
    this.pos++; // opening quote
    let out = '';
    while (this.pos < t.length) {
      const c = t.charAt(this.pos);
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c === '\n') break; // unterminated: stop at the line end
      if (c === '\\') {
        const e = t.charAt(this.pos + 1);
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e === 'u') {
          const code = Number.parseInt(t.slice(this.pos + 2, this.pos + 6), 16);
          out += Number.isNaN(code) ? '' : String.fromCharCode(code);
          this.pos += 6;
        } else {
          out += simple[e] ?? e;
          this.pos += 2;
        }
        continue;
      }
      out += c;
      this.pos++;
    }
    if (this.pos === start) this.pos++;
    return out;
  }

  value(depth: number): JsonNode | null {
    this.skipSpace();
    const start = this.pos;
    const c = this.peek();
    if (c === '') return null;
    if (depth > 512) {
      // Pathologically deep input: treat the rest as one opaque value.
      this.pos = this.text.length;
      return { type: 'scalar', start, end: this.pos };
    }
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') {
      this.string();
      return { type: 'scalar', start, end: this.pos };
    }
    // Numbers, true, false, null, or garbage: up to the next delimiter.
    while (this.pos < this.text.length && !/[\s,:\]}[{"]/.test(this.peek())) this.pos++;
    if (this.pos === start) return null;
    return { type: 'scalar', start, end: this.pos };
  }

  private object(depth: number): JsonNode {
    const node = { type: 'object' as const, start: this.pos, end: this.pos, members: [] as Member[] };
    this.pos++; // {
    for (;;) {
      this.skipSpace();
      const c = this.peek();
      if (c === '}') {
        this.pos++;
        break;
      }
      if (c === '') break;
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c !== '"') {
        // Not a property name: skip a token so malformed input still terminates.
        const before = this.pos;
        this.value(depth + 1);
        if (this.pos === before) this.pos++;
        continue;
      }
      const keyStart = this.pos;
      const key = this.string();
      const keyEnd = this.pos;
      this.skipSpace();
      let value: JsonNode | null = null;
      if (this.peek() === ':') {
        this.pos++;
        value = this.value(depth + 1);
      }
      node.members.push({ key, keyStart, keyEnd, value });
    }
    node.end = this.pos;
    return node;
  }

  private array(depth: number): JsonNode {
    const node = { type: 'array' as const, start: this.pos, end: this.pos, items: [] as JsonNode[] };
    this.pos++; // [
    for (;;) {
      this.skipSpace();
      const c = this.peek();
      if (c === ']') {
        this.pos++;
        break;
      }
      if (c === '' || c === '}') break;
      if (c === ',') {
        this.pos++;
        continue;
      }
      const before = this.pos;
      const item = this.value(depth + 1);
      if (item) node.items.push(item);
      if (this.pos === before) this.pos++;
    }
    node.end = this.pos;
    return node;
  }
}

/** Where `pointer` is in `text`: the value, or for a property the name through the value. */
export function locatePointer(text: string, pointer: string, index = new LineIndex(text)): PointerLocation | null {
  const root = new Scanner(text).value(0);
  if (root === null) return null;
  let tokens: string[];
  try {
    tokens = parsePointer(pointer);
  } catch {
    return null;
  }
  let node: JsonNode = root;
  let member: Member | null = null;
  const found: string[] = [];
  for (const token of tokens) {
    let next: JsonNode | null = null;
    let nextMember: Member | null = null;
    if (node.type === 'object') {
      // The last duplicate wins, as in JSON.parse.
      for (let i = node.members.length - 1; i >= 0; i--) {
        const m = node.members[i];
        if (m && m.key === token) {
          nextMember = m;
          next = m.value;
          break;
        }
      }
      if (nextMember && next === null) {
        // `"key":` with no value yet: point at the name.
        found.push(token);
        return { range: index.range(nextMember.keyStart, nextMember.keyEnd), exact: found.length === tokens.length, found: formatPointer(found) };
      }
    } else if (node.type === 'array' && /^(0|[1-9][0-9]*)$/.test(token)) {
      next = node.items[Number(token)] ?? null;
    }
    if (next === null) break;
    found.push(token);
    node = next;
    member = nextMember;
  }
  const exact = found.length === tokens.length;
  return { range: index.range(...span(node, member, index)), exact, found: formatPointer(found) };
}

/**
 * The span to underline: a scalar in full (with its property name); an object
 * or array only up to the end of its first line, since underlining a whole
 * block buries everything inside it.
 */
function span(node: JsonNode, member: Member | null, index: LineIndex): [number, number] {
  const start = member ? member.keyStart : node.start;
  if (node.type === 'scalar') return [start, node.end];
  const firstLineEnd = index.lineEnd(node.start);
  return [start, Math.min(node.end, Math.max(firstLineEnd, node.start + 1))];
}

/**
 * The pointer of the innermost value at `offset` (e.g. the cursor), to the
 * depth of `maxDepth` tokens. Used to tell which activity or rule is being edited.
 */
export function pointerAt(text: string, offset: number, maxDepth = Number.POSITIVE_INFINITY): string {
  const root = new Scanner(text).value(0);
  const tokens: string[] = [];
  let node: JsonNode | null = root;
  while (node && tokens.length < maxDepth) {
    let next: JsonNode | null = null;
    if (node.type === 'object') {
      for (const m of node.members) {
        const end = m.value ? m.value.end : m.keyEnd;
        if (offset >= m.keyStart && offset <= end) {
          tokens.push(m.key);
          next = m.value;
          break;
        }
      }
    } else if (node.type === 'array') {
      const i = node.items.findIndex((item) => offset >= item.start && offset <= item.end);
      if (i !== -1) {
        tokens.push(String(i));
        next = node.items[i] ?? null;
      }
    }
    node = next;
  }
  return formatPointer(tokens);
}
