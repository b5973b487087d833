import type { Db } from './sql.js';

/**
 * The schema's history. Append only: a released migration is never edited,
 * because databases in the field have already run it.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    up(db) {
      db.exec(`
        CREATE TABLE platforms (
          id TEXT PRIMARY KEY,
          issuer TEXT NOT NULL,
          client_id TEXT NOT NULL,
          name TEXT NOT NULL,
          auth_login_url TEXT NOT NULL,
          auth_token_url TEXT NOT NULL,
          auth_server TEXT,
          jwks_url TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('active', 'pending', 'disabled')),
          source TEXT NOT NULL CHECK (source IN ('cli', 'api', 'dynamic', 'dev')),
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          UNIQUE (issuer, client_id)
        );

        CREATE TABLE deployments (
          platform_id TEXT NOT NULL REFERENCES platforms (id) ON DELETE CASCADE,
          deployment_id TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          PRIMARY KEY (platform_id, deployment_id)
        );

        CREATE TABLE registrations (
          id TEXT PRIMARY KEY,
          platform_id TEXT NOT NULL REFERENCES platforms (id) ON DELETE CASCADE,
          openid_configuration TEXT NOT NULL,
          tool_configuration TEXT NOT NULL,
          created_at INTEGER NOT NULL
        );
        -- Also serves the cascade from platforms, which would otherwise scan the table.
        CREATE INDEX registrations_by_platform ON registrations (platform_id, created_at);

        CREATE TABLE login_states (
          state TEXT PRIMARY KEY,
          nonce TEXT NOT NULL,
          platform_id TEXT NOT NULL,
          target_link_uri TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          expires_at INTEGER NOT NULL
        );
        CREATE INDEX login_states_by_expiry ON login_states (expires_at);

        CREATE TABLE sessions (
          id TEXT PRIMARY KEY,
          platform_id TEXT NOT NULL,
          deployment_id TEXT NOT NULL,
          context_id TEXT NOT NULL,
          context_title TEXT,
          resource_link_id TEXT NOT NULL,
          resource_link_title TEXT,
          user_id TEXT NOT NULL,
          user_name TEXT,
          user_email TEXT,
          roles TEXT NOT NULL,
          message_type TEXT NOT NULL,
          claims TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          expires_at INTEGER NOT NULL
        );
        CREATE INDEX sessions_by_expiry ON sessions (expires_at);

        CREATE TABLE lti_docs (
          id INTEGER PRIMARY KEY,
          collection TEXT NOT NULL,
          doc TEXT NOT NULL CHECK (json_valid(doc)),
          expires_at INTEGER
        );
        CREATE INDEX lti_docs_by_collection ON lti_docs (collection);
        CREATE INDEX lti_docs_by_expiry ON lti_docs (expires_at) WHERE expires_at IS NOT NULL;

        CREATE TABLE sequences (
          id TEXT PRIMARY KEY,
          platform_id TEXT NOT NULL,
          title TEXT NOT NULL,
          draft TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        );
        CREATE INDEX sequences_by_platform ON sequences (platform_id, created_at);

        CREATE TABLE sequence_versions (
          sequence_id TEXT NOT NULL REFERENCES sequences (id) ON DELETE CASCADE,
          version INTEGER NOT NULL,
          content TEXT NOT NULL,
          published_at INTEGER NOT NULL,
          PRIMARY KEY (sequence_id, version)
        );

        CREATE TABLE placements (
          platform_id TEXT NOT NULL,
          deployment_id TEXT NOT NULL,
          context_id TEXT NOT NULL,
          resource_link_id TEXT NOT NULL,
          sequence_id TEXT NOT NULL REFERENCES sequences (id) ON DELETE CASCADE,
          created_at INTEGER NOT NULL,
          PRIMARY KEY (platform_id, deployment_id, context_id, resource_link_id)
        );
        CREATE INDEX placements_by_sequence ON placements (sequence_id);

        -- No foreign key to sequences: learner history outlives a deleted sequence.
        CREATE TABLE learners (
          platform_id TEXT NOT NULL,
          context_id TEXT NOT NULL,
          resource_link_id TEXT NOT NULL,
          user_id TEXT NOT NULL,
          sequence_id TEXT NOT NULL,
          version INTEGER NOT NULL,
          state TEXT NOT NULL,
          revision INTEGER NOT NULL,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          PRIMARY KEY (platform_id, context_id, resource_link_id, user_id)
        );

        CREATE TABLE attempts (
          -- The rowid orders attempts that share a createdAt, so streaming is stable.
          seq INTEGER PRIMARY KEY,
          id TEXT NOT NULL UNIQUE,
          platform_id TEXT NOT NULL,
          context_id TEXT NOT NULL,
          resource_link_id TEXT NOT NULL,
          user_id TEXT NOT NULL,
          idempotency_key TEXT NOT NULL,
          activity_id TEXT NOT NULL,
          response TEXT NOT NULL,
          correct INTEGER,
          outcome TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          UNIQUE (platform_id, context_id, resource_link_id, user_id, idempotency_key),
          FOREIGN KEY (platform_id, context_id, resource_link_id, user_id)
            REFERENCES learners (platform_id, context_id, resource_link_id, user_id) ON DELETE CASCADE
        );
        CREATE INDEX attempts_by_placement ON attempts (platform_id, context_id, resource_link_id, created_at);
        CREATE INDEX attempts_by_learner ON attempts (platform_id, context_id, resource_link_id, user_id, created_at);

        CREATE TABLE grade_jobs (
          id TEXT PRIMARY KEY,
          platform_id TEXT NOT NULL,
          resource_link_id TEXT NOT NULL,
          user_id TEXT NOT NULL,
          -- lineItemUrl ?? lineItemsUrl as first enqueued; resolving the line item later
          -- must not split the job, so this never changes.
          line_item_key TEXT NOT NULL,
          line_item_url TEXT,
          line_items_url TEXT,
          label TEXT NOT NULL,
          score TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
          generation INTEGER NOT NULL,
          tries INTEGER NOT NULL,
          next_attempt_at INTEGER NOT NULL,
          lease_until INTEGER NOT NULL,
          last_error TEXT,
          updated_at INTEGER NOT NULL,
          UNIQUE (platform_id, resource_link_id, user_id, line_item_key)
        );
        CREATE INDEX grade_jobs_due ON grade_jobs (status, next_attempt_at);
      `);
    },
  },
  {
    version: 2,
    name: 'class roster cache and notes to learners',
    up(db) {
      db.exec(`
        -- One cached NRPS roster per placement; members is a JSON array replaced as a whole,
        -- so a refresh never leaves half of an old roster behind.
        CREATE TABLE rosters (
          platform_id TEXT NOT NULL,
          deployment_id TEXT NOT NULL,
          context_id TEXT NOT NULL,
          resource_link_id TEXT NOT NULL,
          members TEXT NOT NULL CHECK (json_valid(members)),
          refreshed_at INTEGER,
          failure_at INTEGER,
          failure_reason TEXT,
          PRIMARY KEY (platform_id, deployment_id, context_id, resource_link_id)
        );

        CREATE TABLE notes (
          id TEXT PRIMARY KEY,
          platform_id TEXT NOT NULL,
          deployment_id TEXT NOT NULL,
          context_id TEXT NOT NULL,
          resource_link_id TEXT NOT NULL,
          user_id TEXT NOT NULL,
          author_id TEXT NOT NULL,
          author_name TEXT,
          body TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          read_at INTEGER
        );
        CREATE INDEX notes_by_learner ON notes (platform_id, deployment_id, context_id, resource_link_id, user_id, created_at);
      `);
    },
  },
  {
    version: 3,
    name: 'one index fewer on every answer',
    up(db) {
      // The unique (learner, idempotency key) index already leads with the learner, so
      // a learner's attempts are found through it; a second index on the same prefix
      // cost a B-tree write on every answer for a sort of a few hundred rows.
      db.exec('DROP INDEX attempts_by_learner');
    },
  },
  {
    version: 4,
    name: 'learner history in its own append-only table',
    up(db) {
      // A state is mostly its history, which only grows: rewriting it whole on every
      // answer made each write longer than the last. The row keeps the rest (and an
      // empty history placeholder, so keys keep their order); each commit appends the
      // entries it added as one chunk.
      db.exec(`
        ALTER TABLE learners ADD COLUMN history_length INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE learner_history (
          platform_id TEXT NOT NULL,
          context_id TEXT NOT NULL,
          resource_link_id TEXT NOT NULL,
          user_id TEXT NOT NULL,
          -- Index in the history of the chunk's first entry.
          from_index INTEGER NOT NULL,
          entries TEXT NOT NULL,
          PRIMARY KEY (platform_id, context_id, resource_link_id, user_id, from_index),
          FOREIGN KEY (platform_id, context_id, resource_link_id, user_id)
            REFERENCES learners (platform_id, context_id, resource_link_id, user_id) ON DELETE CASCADE
        ) WITHOUT ROWID;
      `);
      type Row = { platform_id: string; context_id: string; resource_link_id: string; user_id: string; state: string };
      const rows = db.prepare<[], Row>('SELECT platform_id, context_id, resource_link_id, user_id, state FROM learners').all();
      const chunk = db.prepare<[string, string, string, string, string]>(
        'INSERT INTO learner_history (platform_id, context_id, resource_link_id, user_id, from_index, entries) VALUES (?, ?, ?, ?, 0, ?)',
      );
      const rewrite = db.prepare<[string, number, string, string, string, string]>(
        `UPDATE learners SET state = ?, history_length = ?
         WHERE platform_id = ? AND context_id = ? AND resource_link_id = ? AND user_id = ?`,
      );
      for (const r of rows) {
        const state = JSON.parse(r.state) as { history?: unknown };
        if (!Array.isArray(state.history) || state.history.length === 0) continue;
        chunk.run(r.platform_id, r.context_id, r.resource_link_id, r.user_id, JSON.stringify(state.history));
        const length = state.history.length;
        state.history = [];
        rewrite.run(JSON.stringify(state), length, r.platform_id, r.context_id, r.resource_link_id, r.user_id);
      }
    },
  },
  {
    version: 5,
    name: 'archived sequences, and where each sequence is used',
    up(db) {
      // Published versions outlive their sequence's removal from the library
      // (learners are pinned to them), so removal becomes archived_at. Placements
      // keep the titles of the link that placed them, for the studio to say where
      // a sequence is used; learners_by_sequence finds the links with learners on it.
      db.exec(`
        ALTER TABLE sequences ADD COLUMN archived_at INTEGER;
        ALTER TABLE placements ADD COLUMN context_title TEXT;
        ALTER TABLE placements ADD COLUMN resource_link_title TEXT;
        CREATE INDEX learners_by_sequence ON learners (platform_id, sequence_id);
      `);
    },
  },
];

/**
 * Brings the database up to the latest schema in one transaction, so a failed
 * migration leaves the previous schema intact. IMMEDIATE takes the write lock
 * first: two processes starting together apply each migration once.
 */
export function migrate(db: Db): void {
  const latest = migrations.at(-1)?.version ?? 0;
  db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at INTEGER NOT NULL
    )`);
    const current = db.prepare<[], { v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations').get()?.v ?? 0;
    if (current > latest) {
      throw new Error(
        `The database ${db.name} has schema version ${current}, but this build only knows versions up to ${latest}. ` +
          'It was written by a newer release of the tool: run that release (or newer) instead of downgrading.',
      );
    }
    const record = db.prepare<[number, string, number]>('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const m of migrations) {
      if (m.version <= current) continue;
      m.up(db);
      record.run(m.version, m.name, Date.now());
    }
  }).immediate();
}
