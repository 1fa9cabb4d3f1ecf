import type { Migration } from '../migrate';

/**
 * Source connections saved from Settings > Connections. Holds the same JSON a config file's
 * source entry holds — names of credentials, never their values.
 */
export const migration003: Migration = {
  version: 3,
  name: '003-connections',
  up(db) {
    db.exec(`
      CREATE TABLE connections (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        config_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
