/**
 * The studio's client for the tool's studio API (server/studio/**). Every call
 * carries the launch session as a bearer token; failures become ApiError with
 * the server's `{error:{code,message,details}}` and, for lint/publish refusals,
 * the issues that explain them.
 */
import type { SequenceDoc } from '../../server/engine/index.js';

export type Severity = 'error' | 'warning';

/** A lint or schema problem, as server/content/issues.ts defines it. */
export interface Issue {
  readonly severity: Severity;
  /** JSON Pointer into the draft. */
  readonly path: string;
  readonly message: string;
  readonly code: string;
}

export interface SequenceSummary {
  readonly id: string;
  readonly title: string;
  readonly updatedAt: number | string;
  readonly latestVersion: number | null;
}

/** Out of the library (GET /sequences?archived=true), until restored. */
export interface ArchivedSequenceSummary extends SequenceSummary {
  readonly archivedAt: number | string;
}

export interface SequenceRecord {
  readonly id: string;
  readonly title: string;
  readonly draft: Draft;
  readonly updatedAt: number | string;
}

/** A draft is whatever the designer typed, as long as it parses to an object. */
export type Draft = Record<string, unknown>;

/** A link where a sequence is placed or has learners (GET /sequences/:id/usage). */
export interface SequencePlace {
  contextId: string;
  resourceLinkId: string;
  placed: boolean;
  learners: number;
  /** "Course › Link". */
  label: string;
}

export interface SequenceUsage {
  published: boolean;
  places: SequencePlace[];
}

export interface VersionSummary {
  readonly version: number;
  readonly publishedAt: number | string;
}

export interface VersionRecord extends VersionSummary {
  readonly content: SequenceDoc;
}

/** What publishing the saved draft would do (GET /sequences/:id/publish-check). */
export interface PublishCheck {
  readonly outcome: 'ready' | 'needs-confirmation' | 'blocked' | 'nothing-changed';
  readonly issues: readonly Issue[];
  /** The checked draft's: publishing with it publishes exactly that draft, or answers 409 DRAFT_CHANGED. */
  readonly updatedAt: number;
  readonly latestVersion: number | null;
}

export type Template = 'blank' | 'fractions' | 'data-privacy';

export interface Change {
  readonly path: string;
  readonly op: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface SimulationProgress {
  readonly type: 'progress';
  readonly done: number;
  readonly total: number;
}

export interface SimulationResult {
  readonly type: 'result';
  readonly [key: string]: unknown;
}

export type SimulationEvent = SimulationProgress | SimulationResult;

export interface ErrorDetail {
  readonly path: string;
  readonly message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly ErrorDetail[] = [],
    /** Issues returned with 409/422 (publish, simulate). */
    readonly issues: readonly Issue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The endpoint does not exist (yet) on this server. */
  get unavailable(): boolean {
    return this.status === 404 || this.status === 501;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asIssues(value: unknown): Issue[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (i): i is Issue => isRecord(i) && (i.severity === 'error' || i.severity === 'warning') && typeof i.path === 'string' && typeof i.message === 'string',
  );
}

export class StudioApi {
  constructor(
    private readonly base: string,
    private readonly token: string,
  ) {}

  /** Reads `<meta name="studio-api">` and `<meta name="studio-session">` from the page shell (never the URL, which must not carry the token). */
  static fromDocument(doc: Document = document): StudioApi | null {
    const meta = (name: string) => doc.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? '';
    const token = meta('studio-session');
    if (!token) return null;
    return new StudioApi(meta('studio-api') || '/studio/api', token);
  }

  private async request(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, { method, headers, body: body === undefined ? null : JSON.stringify(body), signal: signal ?? null, credentials: 'same-origin' });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new ApiError(0, 'NETWORK', 'The tool could not be reached. Check your connection; nothing was lost.');
    }
    if (!res.ok) throw await this.failure(res);
    return res;
  }

  private async failure(res: Response): Promise<ApiError> {
    let payload: unknown = null;
    try {
      payload = await res.json();
    } catch {
      // Not JSON (a proxy's page, an empty 404): fall through to a generic message.
    }
    const error = isRecord(payload) && isRecord(payload.error) ? payload.error : {};
    const details = Array.isArray(error.details) ? (error.details as ErrorDetail[]) : [];
    const issues = isRecord(payload) ? asIssues(payload.issues) : [];
    const said = typeof error.message === 'string' ? error.message : `${res.status} ${res.statusText || 'request failed'}`;
    // Banners show only the message, so a refusal that names fields must name them in it.
    const fields = details.filter((d) => typeof d?.path === 'string' && typeof d.message === 'string').map((d) => `${d.path.replace(/^\//, '') || 'the request'} ${d.message}`);
    const message = fields.length === 0 ? said : `${said.replace(/\.$/, '')}: ${fields.join('; ')}.`;
    const code = typeof error.code === 'string' ? error.code : `HTTP_${res.status}`;
    return new ApiError(res.status, code, message, details, issues);
  }

  private async json<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const res = await this.request(method, path, body, signal);
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }

  listSequences(q = '', signal?: AbortSignal): Promise<{ sequences: SequenceSummary[] }> {
    return this.json('GET', `/sequences${q ? `?q=${encodeURIComponent(q)}` : ''}`, undefined, signal);
  }

  /** Most recently archived first. */
  listArchivedSequences(q = '', signal?: AbortSignal): Promise<{ sequences: ArchivedSequenceSummary[] }> {
    return this.json('GET', `/sequences?archived=true${q ? `&q=${encodeURIComponent(q)}` : ''}`, undefined, signal);
  }

  createSequence(input: { title: string; template?: Template; duplicateOf?: string; draft?: Draft }): Promise<{ sequence: SequenceRecord }> {
    return this.json('POST', '/sequences', input);
  }

  getSequence(id: string): Promise<{ sequence: SequenceRecord; versions: VersionSummary[] }> {
    return this.json('GET', `/sequences/${encodeURIComponent(id)}`);
  }

  saveSequence(id: string, input: { title: string; draft: Draft; baseUpdatedAt: number | string }): Promise<{ sequence: SequenceRecord; issues: Issue[] }> {
    return this.json<{ sequence: SequenceRecord; issues?: unknown }>('PUT', `/sequences/${encodeURIComponent(id)}`, input).then((r) => ({ sequence: r.sequence, issues: asIssues(r.issues) }));
  }

  sequenceUsage(id: string): Promise<SequenceUsage> {
    return this.json('GET', `/sequences/${encodeURIComponent(id)}/usage`);
  }

  /** A published sequence is archived, not deleted; one in use needs `archive` (the designer saw where), else 409. */
  async deleteSequence(id: string, archive = false): Promise<'deleted' | 'archived'> {
    const r = await this.json<{ archived?: boolean } | undefined>('DELETE', `/sequences/${encodeURIComponent(id)}${archive ? '?archive=true' : ''}`);
    return r?.archived === true ? 'archived' : 'deleted';
  }

  /** Back in the library and the lists to place from; a sequence not archived is answered unchanged. */
  restoreSequence(id: string): Promise<{ sequence: SequenceSummary }> {
    return this.json('POST', `/sequences/${encodeURIComponent(id)}/restore`);
  }

  /** With `sequenceId` its errors are exactly the publish gate's (the draft's id must match); the publish check adds a trial run's warnings. */
  async lint(draft: Draft, sequenceId?: string, signal?: AbortSignal): Promise<Issue[]> {
    const r = await this.json<{ issues?: unknown }>('POST', '/lint', sequenceId ? { draft, sequenceId } : { draft }, signal);
    return asIssues(r.issues);
  }

  /** Asks before publishing: the answer lists the warnings to confirm, where publishing would refuse with 409. */
  async publishCheck(id: string): Promise<PublishCheck> {
    const r = await this.json<Omit<PublishCheck, 'issues'> & { issues?: unknown }>('GET', `/sequences/${encodeURIComponent(id)}/publish-check`);
    return { ...r, issues: asIssues(r.issues) };
  }

  publish(id: string, options: { confirmWarnings?: boolean; baseUpdatedAt?: number } = {}): Promise<{ version: number | VersionSummary }> {
    return this.json('POST', `/sequences/${encodeURIComponent(id)}/publish`, options);
  }

  getVersion(id: string, version: number): Promise<VersionRecord> {
    return this.json('GET', `/sequences/${encodeURIComponent(id)}/versions/${version}`);
  }

  diff(id: string, from: string, to: string): Promise<{ changes: Change[] }> {
    return this.json('GET', `/sequences/${encodeURIComponent(id)}/diff?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
  }

  preview(draft: Draft, start?: unknown): Promise<{ url: string }> {
    return this.json('POST', '/preview', start === undefined ? { draft } : { draft, start });
  }

  /** Streams the NDJSON simulation: one callback per line, resolved with the result. */
  async simulate(input: { draft: Draft; learners: number; seed: number }, onEvent: (event: SimulationEvent) => void, signal?: AbortSignal): Promise<SimulationResult> {
    const res = await this.request('POST', '/simulate', input, signal);
    if (!res.body) throw new ApiError(res.status, 'NO_STREAM', 'The simulation answered without a body.');
    let result: SimulationResult | null = null;
    for await (const line of ndjsonLines(res.body)) {
      let event: unknown;
      try {
        event = JSON.parse(line);
      } catch {
        throw new ApiError(res.status, 'BAD_STREAM', `The simulation sent a line that is not JSON: ${line.slice(0, 80)}`);
      }
      if (!isRecord(event)) continue;
      if (event.type === 'error') {
        const error = isRecord(event.error) ? event.error : event;
        throw new ApiError(500, String(error.code ?? 'SIMULATION_FAILED'), String(error.message ?? 'The simulation failed.'));
      }
      if (event.type === 'progress' || event.type === 'result') onEvent(event as unknown as SimulationEvent);
      if (event.type === 'result') result = event as SimulationResult;
    }
    if (!result) throw new ApiError(res.status, 'NO_RESULT', 'The simulation ended without a result.');
    return result;
  }
}

/** Splits a byte stream into lines as they arrive (a line may span chunks). */
export async function* ndjsonLines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let nl: number;
      while ((nl = buffer.indexOf('\n')) !== -1) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (line) yield line;
      }
    }
    buffer += decoder.decode();
    if (buffer.trim()) yield buffer.trim();
  } finally {
    reader.releaseLock();
  }
}
