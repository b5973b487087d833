/**
 * The workspace's DraftController, tested in Node against a fake API: the save
 * states, the 409 conflict and both ways out of it, the local copy on offer,
 * and the save on leaving. The browser tests cover the same paths end to end;
 * these pin the transitions that are slow or awkward to reach through a page.
 */
import { expect } from 'chai';
import { ApiError, StudioApi, type Draft, type Issue, type SequenceRecord, type VersionSummary } from '../../studio/lib/api.js';
import { readBackup, writeBackup } from '../../studio/lib/draft-backup.js';
import { NotifyEvent } from '../../studio/lib/events.js';
import { DraftController, refusalIssues, type DraftHost } from '../../studio/components/workspace/draft-controller.js';

const ID = 'seq-1';
const VERSIONS: VersionSummary[] = [{ version: 3, publishedAt: 1 }];

function textOf(draft: Draft): string {
  return `${JSON.stringify(draft, null, 2)}\n`;
}

/** The server side: one sequence, optionally refusing the next save with a status. */
class FakeServer {
  record: SequenceRecord = { id: ID, title: 'First', draft: { id: ID, title: 'First' }, updatedAt: 1 };
  saves: Array<{ title: string; draft: Draft; baseUpdatedAt: number | string }> = [];
  refuseNextSave = 0;
  refuseNextSaveWith: ApiError | null = null;
  lints = 0;

  readonly api = {
    getSequence: async (id: string) => {
      expect(id).to.equal(ID);
      return { sequence: this.record, versions: VERSIONS };
    },
    saveSequence: async (id: string, input: { title: string; draft: Draft; baseUpdatedAt: number | string }) => {
      expect(id).to.equal(ID);
      this.saves.push(input);
      if (this.refuseNextSaveWith) {
        const refusal = this.refuseNextSaveWith;
        this.refuseNextSaveWith = null;
        throw refusal;
      }
      if (this.refuseNextSave) {
        const status = this.refuseNextSave;
        this.refuseNextSave = 0;
        throw new ApiError(status, 'refused', `refused with ${status}`);
      }
      this.record = { id, title: input.title, draft: input.draft, updatedAt: Number(this.record.updatedAt) + 1 };
      return { sequence: this.record, issues: [] as Issue[] };
    },
    lint: async (): Promise<Issue[]> => {
      this.lints++;
      return [];
    },
  } as unknown as StudioApi;

  /** Someone else saves in another tab. */
  theirSave(draft: Draft): void {
    this.record = { ...this.record, draft, updatedAt: Number(this.record.updatedAt) + 1 };
  }
}

class FakeHost extends EventTarget implements DraftHost {
  readonly sequenceId = ID;
  updates = 0;
  notes: string[] = [];
  constructor(readonly api: StudioApi) {
    super();
    this.addEventListener(NotifyEvent.type, (e) => this.notes.push((e as NotifyEvent).message));
  }
  addController(): void {}
  removeController(): void {}
  requestUpdate(): void {
    this.updates++;
  }
  get updateComplete(): Promise<boolean> {
    return Promise.resolve(true);
  }
}

describe('studio: the workspace draft controller', () => {
  const scope = globalThis as { localStorage?: unknown; window?: unknown };
  let server: FakeServer;
  let host: FakeHost;
  let draft: DraftController;

  // Node has neither: a Map stands in for localStorage, an EventTarget for window's unload listener.
  before(() => {
    const store = new Map<string, string>();
    scope.localStorage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
      removeItem: (k: string) => void store.delete(k),
      clear: () => store.clear(),
    };
    scope.window = new EventTarget();
  });
  after(() => {
    delete scope.localStorage;
    delete scope.window;
  });

  beforeEach(() => {
    (scope.localStorage as Storage).clear();
    server = new FakeServer();
    host = new FakeHost(server.api);
    draft = new DraftController(host);
    draft.hostConnected();
    draft.open(server.record);
  });
  // Clears the debounce timers; a test that leaves changes pending has awaited their save itself.
  afterEach(() => draft.hostDisconnected());

  it('marks an edit dirty and saves it against the updatedAt it was based on', async () => {
    const updates = host.updates;
    draft.edit(textOf({ id: ID, title: '  Renamed ' }));
    expect(draft.state.saveState).to.equal('dirty');
    expect(draft.hasUnsavedChanges()).to.equal(true);
    expect(host.updates).to.be.above(updates);

    expect(await draft.save()).to.equal(true);
    expect(server.saves).to.deep.equal([{ title: 'Renamed', draft: { id: ID, title: '  Renamed ' }, baseUpdatedAt: 1 }]);
    expect(draft.state.saveState).to.equal('saved');
    expect(draft.state.sequence?.updatedAt).to.equal(2);
    expect(draft.hasUnsavedChanges()).to.equal(false);
  });

  it('holds half-typed JSON back: invalid, not saved, the panels keep the last text that parsed', async () => {
    draft.edit('{ "id": ');
    expect(draft.state.saveState).to.equal('invalid');
    expect(draft.state.parseError).to.equal(true);
    expect(draft.state.doc).to.deep.equal({ id: ID, title: 'First' });
    expect(await draft.save()).to.equal(false);
    expect(server.saves).to.have.length(0);
    // Typing back to the saved text is saved again, with nothing to send.
    draft.edit(textOf(server.record.draft));
    expect(draft.state.saveState).to.equal('saved');
  });

  it('turns a refused save (409) into a conflict that waits for the designer; overwrite saves over theirs', async () => {
    const mine = textOf({ id: ID, title: 'Mine' });
    draft.edit(mine);
    server.theirSave({ id: ID, title: 'Theirs' });
    server.refuseNextSave = 409;
    expect(await draft.save()).to.equal(false);
    expect(draft.state.saveState).to.equal('conflict');
    expect(readBackup(ID)?.text).to.equal(mine);

    draft.edit(textOf({ id: ID, title: 'Mine, again' }));
    expect(draft.state.saveState).to.equal('conflict');

    await draft.overwriteWithMine();
    expect(server.saves.at(-1)).to.deep.include({ title: 'Mine, again', baseUpdatedAt: 2 });
    expect(draft.state.saveState).to.equal('saved');
    expect(host.notes).to.include('Saved your version over theirs.');
    expect(readBackup(ID)).to.equal(null);
  });

  it('reloads theirs after a conflict and keeps mine on offer, one click from restoring', async () => {
    const mine = textOf({ id: ID, title: 'Mine' });
    draft.edit(mine);
    server.theirSave({ id: ID, title: 'Theirs' });
    server.refuseNextSave = 409;
    await draft.save();

    expect(await draft.reloadTheirs()).to.deep.equal(VERSIONS);
    expect(draft.state.text).to.equal(textOf({ id: ID, title: 'Theirs' }));
    expect(draft.state.saveState).to.equal('saved');
    expect(draft.state.backupOffer?.text).to.equal(mine);
    expect(readBackup(ID)?.text).to.equal(mine);

    draft.restoreBackup();
    expect(draft.state.backupOffer).to.equal(null);
    expect(draft.state.text).to.equal(mine);
    expect(draft.state.saveState).to.equal('dirty');
    expect(await draft.save()).to.equal(true);
    expect(server.saves.at(-1)).to.deep.include({ title: 'Mine', baseUpdatedAt: 2 });
  });

  it('offers a local copy left from an earlier visit only when it differs from the server', () => {
    writeBackup(ID, { text: textOf({ id: ID, title: 'Left behind' }), savedAt: 5, baseUpdatedAt: 1 });
    draft.open(server.record);
    expect(draft.state.backupOffer?.savedAt).to.equal(5);
    draft.discardBackup();
    expect(draft.state.backupOffer).to.equal(null);
    expect(readBackup(ID)).to.equal(null);

    writeBackup(ID, { text: textOf(server.record.draft), savedAt: 6, baseUpdatedAt: 1 });
    draft.open(server.record);
    expect(draft.state.backupOffer).to.equal(null);
    expect(readBackup(ID)).to.equal(null);
  });

  it('asks before unloading with unsaved text, and saves it on leaving', async () => {
    draft.edit(textOf({ id: ID, title: 'Unsaved' }));
    const unload = new Event('beforeunload', { cancelable: true });
    // Browsers let a beforeunload listener set returnValue; Node's Event only has a getter.
    Object.defineProperty(unload, 'returnValue', { value: true, writable: true });
    (scope.window as EventTarget).dispatchEvent(unload);
    expect(unload.defaultPrevented).to.equal(true);

    draft.hostDisconnected();
    expect(server.saves).to.have.length(1);
    await draft.save();
    expect(draft.hasUnsavedChanges()).to.equal(false);
  });

  it('lists a refused save’s fields as problems, and clears them once a save lands', async () => {
    draft.edit(textOf({ id: ID, title: 'Too big' }));
    server.refuseNextSaveWith = new ApiError(400, 'BAD_REQUEST', 'The save is invalid; see the listed fields: title must NOT have more than 200 characters.', [
      { path: '/title', message: 'must NOT have more than 200 characters' },
      { path: '/draft/rules', message: 'must be array' },
    ]);
    expect(await draft.save()).to.equal(false);
    expect(draft.state.saveState).to.equal('error');
    expect(draft.state.saveError).to.contain('title must NOT have more than 200 characters');
    expect(draft.state.saveIssues).to.deep.equal([
      { severity: 'error', path: '/title', code: 'save-refused', message: 'not saved: title must NOT have more than 200 characters' },
      { severity: 'error', path: '/rules', code: 'save-refused', message: 'not saved: draft/rules must be array' },
    ]);
    expect(await draft.save()).to.equal(true);
    expect(draft.state.saveIssues).to.deep.equal([]);
  });

  it('puts the fields a refusal names into its message, which is what the banner shows', async () => {
    const realFetch = globalThis.fetch;
    globalThis.fetch = async () =>
      new Response(JSON.stringify({ error: { code: 'BAD_REQUEST', message: 'The save is invalid; see the listed fields.', details: [{ path: '/title', message: 'must NOT have more than 200 characters' }] } }), {
        status: 400,
        headers: { 'content-type': 'application/json' },
      });
    try {
      const failure = await new StudioApi('/studio/api', 't').saveSequence(ID, { title: 'x', draft: {}, baseUpdatedAt: 1 }).catch((e: unknown) => e);
      expect((failure as ApiError).message).to.equal('The save is invalid; see the listed fields: title must NOT have more than 200 characters.');
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  it('names the size limit when a save is too large', () => {
    const issues = refusalIssues(new ApiError(413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than the studio accepts (1 MB).'));
    expect(issues).to.deep.equal([{ severity: 'error', path: '', code: 'save-refused', message: 'not saved: The request body is larger than the studio accepts (1 MB).' }]);
  });

  it('does not stay “Checking…” when the JSON breaks again before a pending check runs', async () => {
    const valid = textOf({ id: ID, title: 'A, B' });
    const broken = valid.replace(',', '');
    await new Promise((r) => setTimeout(r, 20));
    const lints = server.lints;
    // Delete a comma, type it again, delete it again, all within the check's pause.
    draft.edit(broken);
    draft.edit(valid);
    expect(draft.state.lintPending).to.equal(true);
    draft.edit(broken);
    expect(draft.state.parseError).to.equal(true);
    expect(draft.state.lintPending, 'nothing can be checked while the JSON does not parse').to.equal(false);
    await new Promise((r) => setTimeout(r, 700));
    expect(draft.state.lintPending).to.equal(false);
    expect(server.lints, 'the dropped check never ran').to.equal(lints);
  });
});
