/**
 * control/db/migrations.ts — the state database's schema, as an append-only list of migrations.
 *
 * Owns: MIGRATIONS (migration N brings the schema from version N-1 to N; the version is SQLite's
 * `PRAGMA user_version`) and migrate(), which applies the missing ones, each in a transaction.
 *
 * Invariants: never edit or reorder a released migration; add a new one. Times are epoch
 * milliseconds (INTEGER); JSON columns hold JSON text. The data model covers every DCS instance
 * type: an instance has groups (shards) of nodes (master, slaves, proxies), each node one engine
 * process with its own port and directory.
 */

import type { DatabaseSync } from 'node:sqlite';

export const MIGRATIONS: readonly string[] = [
  // 1: instances, nodes, background tasks, backups, restores, metadata
  `
  CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );

  CREATE TABLE instances (
    id                    TEXT PRIMARY KEY,
    project_id            TEXT NOT NULL,
    name                  TEXT NOT NULL,
    description           TEXT NOT NULL DEFAULT '',
    engine                TEXT NOT NULL,
    engine_version        TEXT NOT NULL,
    cache_mode            TEXT NOT NULL,           -- single | ha | cluster | proxy
    spec_code             TEXT NOT NULL,
    capacity_mb           INTEGER NOT NULL,        -- capacity in MB (0.125 GB = 128)
    cpu_type              TEXT NOT NULL,
    replica_count         INTEGER NOT NULL,        -- nodes per shard, master included
    sharding_count        INTEGER NOT NULL,
    proxy_count           INTEGER NOT NULL DEFAULT 0,
    status                TEXT NOT NULL,
    sub_status            TEXT NOT NULL DEFAULT 'normal',
    fail_reason           TEXT,
    port                  INTEGER NOT NULL,        -- the access port (master or proxy)
    az_codes              TEXT NOT NULL,           -- JSON array of AZ codes
    vpc_id                TEXT NOT NULL,
    subnet_id             TEXT NOT NULL,
    security_group_id     TEXT,
    publicip_id           TEXT,
    enable_publicip       INTEGER NOT NULL DEFAULT 0,
    enable_ssl            INTEGER NOT NULL DEFAULT 0,
    private_ip            TEXT,
    maintain_begin        TEXT NOT NULL,
    maintain_end          TEXT NOT NULL,
    password              TEXT,                    -- NULL when password-free; never returned
    no_password_access    INTEGER NOT NULL,
    access_user           TEXT,
    pwd_retry_left        INTEGER NOT NULL DEFAULT 5,
    pwd_locked_until      INTEGER NOT NULL DEFAULT 0,
    tags                  TEXT NOT NULL DEFAULT '[]',
    rename_commands       TEXT NOT NULL DEFAULT '{}',
    backup_policy         TEXT,                    -- JSON BackupPolicy or NULL
    backup_policy_id      TEXT,
    backup_policy_at      INTEGER,
    enterprise_project_id TEXT,
    template_id           TEXT,
    config                TEXT NOT NULL DEFAULT '{}',  -- JSON param_name -> value
    config_status         TEXT NOT NULL DEFAULT 'SUCCESS',
    config_time           INTEGER,
    service_task_id       TEXT,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL,
    launched_at           INTEGER,
    deleted_at            INTEGER
  );
  CREATE INDEX instances_by_project ON instances (project_id, deleted_at);

  CREATE TABLE nodes (
    id               TEXT PRIMARY KEY,
    instance_id      TEXT NOT NULL REFERENCES instances (id),
    group_id         TEXT NOT NULL,
    group_name       TEXT NOT NULL,
    group_index      INTEGER NOT NULL,
    slot_start       INTEGER,
    slot_end         INTEGER,
    logical_node_id  TEXT NOT NULL,
    replication_id   TEXT NOT NULL,
    role             TEXT NOT NULL,               -- master | slave | proxy
    port             INTEGER NOT NULL,
    dir              TEXT NOT NULL,
    az_code          TEXT NOT NULL,
    priority_weight  INTEGER NOT NULL DEFAULT 100,
    pid              INTEGER,
    desired          TEXT NOT NULL DEFAULT 'running',  -- running | stopped
    status           TEXT NOT NULL,               -- Creating | Active | Inactive | Deleting
    restarts         INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL
  );
  CREATE INDEX nodes_by_instance ON nodes (instance_id);

  CREATE TABLE tasks (
    id           TEXT PRIMARY KEY,
    project_id   TEXT NOT NULL,
    instance_id  TEXT,
    name         TEXT NOT NULL,
    status       TEXT NOT NULL,                   -- WAITING | RUNNING | SUCCESS | FAILED
    details      TEXT NOT NULL DEFAULT '{}',
    params       TEXT NOT NULL DEFAULT '',
    steps        TEXT NOT NULL DEFAULT '[]',
    progress     INTEGER NOT NULL DEFAULT 0,
    fail_reason  TEXT,
    error_code   TEXT,
    enable_show  INTEGER NOT NULL DEFAULT 1,
    deleted      INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    finished_at  INTEGER
  );
  CREATE INDEX tasks_by_instance ON tasks (instance_id, created_at);
  CREATE INDEX tasks_by_project ON tasks (project_id, created_at);

  CREATE TABLE backups (
    id                  TEXT PRIMARY KEY,
    project_id          TEXT NOT NULL,
    instance_id         TEXT NOT NULL,
    name                TEXT NOT NULL,
    remark              TEXT NOT NULL DEFAULT '',
    backup_type         TEXT NOT NULL,            -- manual | auto
    backup_format       TEXT NOT NULL,            -- rdb | aof
    status              TEXT NOT NULL,            -- waiting | backuping | succeed | failed | expired | deleted
    progress            TEXT NOT NULL DEFAULT '0.00',
    size                INTEGER NOT NULL DEFAULT 0,
    error_code          TEXT,
    is_support_restore  TEXT NOT NULL DEFAULT 'FALSE',
    files               TEXT NOT NULL DEFAULT '[]', -- JSON [{file_name, node_id, size}]
    task_id             TEXT,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    execution_at        INTEGER
  );
  CREATE INDEX backups_by_instance ON backups (instance_id, created_at);

  CREATE TABLE restores (
    id           TEXT PRIMARY KEY,
    project_id   TEXT NOT NULL,
    instance_id  TEXT NOT NULL,
    backup_id    TEXT NOT NULL,
    name         TEXT NOT NULL,
    remark       TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL,                   -- waiting | restoring | succeed | failed
    progress     TEXT NOT NULL DEFAULT '0.00',
    error_code   TEXT,
    task_id      TEXT,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
  );
  CREATE INDEX restores_by_instance ON restores (instance_id, created_at);
  `,
];

/** Applies the migrations the database lacks; returns the resulting schema version. */
export function migrate(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get();
  const current = row !== undefined && typeof row['user_version'] === 'number' ? row['user_version'] : 0;
  if (current > MIGRATIONS.length) {
    throw new Error(`the state database has schema version ${current}, newer than this dcs-control (${MIGRATIONS.length})`);
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    const sql = MIGRATIONS[v] ?? '';
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(sql);
      db.exec(`PRAGMA user_version = ${v + 1}`);
      db.exec('COMMIT');
    } catch (err) {
      db.exec('ROLLBACK');
      throw err;
    }
  }
  return MIGRATIONS.length;
}
