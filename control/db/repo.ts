/**
 * control/db/repo.ts — the state database: opening it and typed access to its rows.
 *
 * Owns: openDatabase() (WAL, foreign keys, migrations), the row types (InstanceRow, NodeRow,
 * TaskRow, BackupRow, RestoreRow) and Repo, the only code that writes SQL. Every query that can
 * see instances of several projects takes the project id, so one project never reads another's.
 *
 * Invariants: synchronous (node:sqlite DatabaseSync) and only used from the main thread; JSON
 * columns are parsed defensively (a damaged value reads as its default, never throws).
 */

import { DatabaseSync, type SQLInputValue, type SQLOutputValue } from 'node:sqlite';
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { migrate } from './migrations.ts';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type CacheMode = 'single' | 'ha' | 'cluster' | 'proxy';
export type InstanceStatus =
  | 'CREATING'
  | 'CREATEFAILED'
  | 'RUNNING'
  | 'ERROR'
  | 'RESTARTING'
  | 'EXTENDING'
  | 'RESTORING'
  | 'FLUSHING'
  | 'DELETED';

export interface Tag {
  key: string;
  value: string;
}

export interface InstanceRow {
  id: string;
  project_id: string;
  name: string;
  description: string;
  engine: string;
  engine_version: string;
  cache_mode: CacheMode;
  spec_code: string;
  capacity_mb: number;
  cpu_type: string;
  replica_count: number;
  sharding_count: number;
  proxy_count: number;
  status: InstanceStatus;
  sub_status: string;
  fail_reason: string | null;
  port: number;
  az_codes: string[];
  vpc_id: string;
  subnet_id: string;
  security_group_id: string | null;
  publicip_id: string | null;
  enable_publicip: boolean;
  enable_ssl: boolean;
  private_ip: string | null;
  maintain_begin: string;
  maintain_end: string;
  password: string | null;
  no_password_access: boolean;
  access_user: string | null;
  pwd_retry_left: number;
  pwd_locked_until: number;
  tags: Tag[];
  rename_commands: Record<string, string>;
  backup_policy: Json;
  backup_policy_id: string | null;
  backup_policy_at: number | null;
  enterprise_project_id: string | null;
  template_id: string | null;
  config: Record<string, string>;
  config_status: string;
  config_time: number | null;
  service_task_id: string | null;
  created_at: number;
  updated_at: number;
  launched_at: number | null;
  deleted_at: number | null;
}

export type NodeRole = 'master' | 'slave' | 'proxy';
export type NodeStatus = 'Creating' | 'Active' | 'Inactive' | 'Deleting';

export interface NodeRow {
  id: string;
  instance_id: string;
  group_id: string;
  group_name: string;
  group_index: number;
  slot_start: number | null;
  slot_end: number | null;
  logical_node_id: string;
  replication_id: string;
  role: NodeRole;
  port: number;
  dir: string;
  az_code: string;
  priority_weight: number;
  pid: number | null;
  desired: 'running' | 'stopped';
  status: NodeStatus;
  restarts: number;
  created_at: number;
}

export type TaskStatus = 'WAITING' | 'RUNNING' | 'SUCCESS' | 'FAILED';

export interface StepRecord {
  step_id: string;
  step_name: string;
  step_status: 'WAITING' | 'EXECUTING' | 'FINISH' | 'FAILED';
  begin_time: number | null;
  end_time: number | null;
  error_code: string | null;
  detail: string | null;
}

export interface TaskRow {
  id: string;
  project_id: string;
  instance_id: string | null;
  name: string;
  status: TaskStatus;
  details: { [k: string]: Json };
  params: string;
  steps: StepRecord[];
  progress: number;
  fail_reason: string | null;
  error_code: string | null;
  enable_show: boolean;
  deleted: boolean;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

export interface BackupFile {
  file_name: string;
  node_id: string;
  size: number;
}

export type BackupStatus = 'waiting' | 'backuping' | 'succeed' | 'failed' | 'expired' | 'deleted';

export interface BackupRow {
  id: string;
  project_id: string;
  instance_id: string;
  name: string;
  remark: string;
  backup_type: 'manual' | 'auto';
  backup_format: 'rdb' | 'aof';
  status: BackupStatus;
  progress: string;
  size: number;
  error_code: string | null;
  is_support_restore: 'TRUE' | 'FALSE';
  files: BackupFile[];
  task_id: string | null;
  created_at: number;
  updated_at: number;
  execution_at: number | null;
}

export type RestoreStatus = 'waiting' | 'restoring' | 'succeed' | 'failed';

export interface RestoreRow {
  id: string;
  project_id: string;
  instance_id: string;
  backup_id: string;
  name: string;
  remark: string;
  status: RestoreStatus;
  progress: string;
  error_code: string | null;
  task_id: string | null;
  created_at: number;
  updated_at: number;
}

// ---------------------------------------------------------------------------
// Row decoding

type Row = Record<string, SQLOutputValue>;

function str(r: Row, k: string): string {
  const v = r[k];
  return typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v);
}
function optStr(r: Row, k: string): string | null {
  const v = r[k];
  return v === null || v === undefined ? null : typeof v === 'string' ? v : String(v);
}
function num(r: Row, k: string): number {
  const v = r[k];
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : 0;
}
function optNum(r: Row, k: string): number | null {
  const v = r[k];
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : null;
}
function bool(r: Row, k: string): boolean {
  return num(r, k) !== 0;
}
function json(r: Row, k: string): Json {
  const v = r[k];
  if (typeof v !== 'string') return null;
  try {
    const parsed: unknown = JSON.parse(v);
    return toJson(parsed);
  } catch {
    return null;
  }
}
function toJson(v: unknown): Json {
  if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(toJson);
  if (typeof v === 'object') {
    const out: { [k: string]: Json } = {};
    for (const [k, x] of Object.entries(v)) out[k] = toJson(x);
    return out;
  }
  return null;
}
function jsonObject(r: Row, k: string): { [k: string]: Json } {
  const v = json(r, k);
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {};
}
function jsonArray(r: Row, k: string): Json[] {
  const v = json(r, k);
  return Array.isArray(v) ? v : [];
}
function stringMap(r: Row, k: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(jsonObject(r, k))) if (typeof v === 'string') out[key] = v;
  return out;
}
function jstr(o: { [k: string]: Json }, k: string): string {
  const v = o[k];
  return typeof v === 'string' ? v : '';
}
function jnum(o: { [k: string]: Json }, k: string): number | null {
  const v = o[k];
  return typeof v === 'number' ? v : null;
}
function isObj(v: Json): v is { [k: string]: Json } {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function toInstance(r: Row): InstanceRow {
  return {
    id: str(r, 'id'),
    project_id: str(r, 'project_id'),
    name: str(r, 'name'),
    description: str(r, 'description'),
    engine: str(r, 'engine'),
    engine_version: str(r, 'engine_version'),
    cache_mode: asCacheMode(str(r, 'cache_mode')),
    spec_code: str(r, 'spec_code'),
    capacity_mb: num(r, 'capacity_mb'),
    cpu_type: str(r, 'cpu_type'),
    replica_count: num(r, 'replica_count'),
    sharding_count: num(r, 'sharding_count'),
    proxy_count: num(r, 'proxy_count'),
    status: asInstanceStatus(str(r, 'status')),
    sub_status: str(r, 'sub_status'),
    fail_reason: optStr(r, 'fail_reason'),
    port: num(r, 'port'),
    az_codes: jsonArray(r, 'az_codes').filter((x): x is string => typeof x === 'string'),
    vpc_id: str(r, 'vpc_id'),
    subnet_id: str(r, 'subnet_id'),
    security_group_id: optStr(r, 'security_group_id'),
    publicip_id: optStr(r, 'publicip_id'),
    enable_publicip: bool(r, 'enable_publicip'),
    enable_ssl: bool(r, 'enable_ssl'),
    private_ip: optStr(r, 'private_ip'),
    maintain_begin: str(r, 'maintain_begin'),
    maintain_end: str(r, 'maintain_end'),
    password: optStr(r, 'password'),
    no_password_access: bool(r, 'no_password_access'),
    access_user: optStr(r, 'access_user'),
    pwd_retry_left: num(r, 'pwd_retry_left'),
    pwd_locked_until: num(r, 'pwd_locked_until'),
    tags: jsonArray(r, 'tags')
      .filter(isObj)
      .map((t) => ({ key: jstr(t, 'key'), value: jstr(t, 'value') })),
    rename_commands: stringMap(r, 'rename_commands'),
    backup_policy: json(r, 'backup_policy'),
    backup_policy_id: optStr(r, 'backup_policy_id'),
    backup_policy_at: optNum(r, 'backup_policy_at'),
    enterprise_project_id: optStr(r, 'enterprise_project_id'),
    template_id: optStr(r, 'template_id'),
    config: stringMap(r, 'config'),
    config_status: str(r, 'config_status'),
    config_time: optNum(r, 'config_time'),
    service_task_id: optStr(r, 'service_task_id'),
    created_at: num(r, 'created_at'),
    updated_at: num(r, 'updated_at'),
    launched_at: optNum(r, 'launched_at'),
    deleted_at: optNum(r, 'deleted_at'),
  };
}

const CACHE_MODES: readonly CacheMode[] = ['single', 'ha', 'cluster', 'proxy'];
function asCacheMode(s: string): CacheMode {
  return CACHE_MODES.find((m) => m === s) ?? 'single';
}
const STATUSES: readonly InstanceStatus[] = [
  'CREATING', 'CREATEFAILED', 'RUNNING', 'ERROR', 'RESTARTING', 'EXTENDING', 'RESTORING', 'FLUSHING', 'DELETED',
];
function asInstanceStatus(s: string): InstanceStatus {
  return STATUSES.find((m) => m === s) ?? 'ERROR';
}

function toNode(r: Row): NodeRow {
  const role = str(r, 'role');
  const status = str(r, 'status');
  return {
    id: str(r, 'id'),
    instance_id: str(r, 'instance_id'),
    group_id: str(r, 'group_id'),
    group_name: str(r, 'group_name'),
    group_index: num(r, 'group_index'),
    slot_start: optNum(r, 'slot_start'),
    slot_end: optNum(r, 'slot_end'),
    logical_node_id: str(r, 'logical_node_id'),
    replication_id: str(r, 'replication_id'),
    role: role === 'slave' ? 'slave' : role === 'proxy' ? 'proxy' : 'master',
    port: num(r, 'port'),
    dir: str(r, 'dir'),
    az_code: str(r, 'az_code'),
    priority_weight: num(r, 'priority_weight'),
    pid: optNum(r, 'pid'),
    desired: str(r, 'desired') === 'stopped' ? 'stopped' : 'running',
    status: status === 'Creating' || status === 'Inactive' || status === 'Deleting' ? status : 'Active',
    restarts: num(r, 'restarts'),
    created_at: num(r, 'created_at'),
  };
}

function toStep(v: Json): StepRecord | null {
  if (!isObj(v)) return null;
  const st = jstr(v, 'step_status');
  return {
    step_id: jstr(v, 'step_id'),
    step_name: jstr(v, 'step_name'),
    step_status: st === 'EXECUTING' || st === 'FINISH' || st === 'FAILED' ? st : 'WAITING',
    begin_time: jnum(v, 'begin_time'),
    end_time: jnum(v, 'end_time'),
    error_code: typeof v['error_code'] === 'string' ? v['error_code'] : null,
    detail: typeof v['detail'] === 'string' ? v['detail'] : null,
  };
}

function toTask(r: Row): TaskRow {
  const st = str(r, 'status');
  return {
    id: str(r, 'id'),
    project_id: str(r, 'project_id'),
    instance_id: optStr(r, 'instance_id'),
    name: str(r, 'name'),
    status: st === 'WAITING' || st === 'RUNNING' || st === 'FAILED' ? st : 'SUCCESS',
    details: jsonObject(r, 'details'),
    params: str(r, 'params'),
    steps: jsonArray(r, 'steps')
      .map(toStep)
      .filter((s): s is StepRecord => s !== null),
    progress: num(r, 'progress'),
    fail_reason: optStr(r, 'fail_reason'),
    error_code: optStr(r, 'error_code'),
    enable_show: bool(r, 'enable_show'),
    deleted: bool(r, 'deleted'),
    created_at: num(r, 'created_at'),
    updated_at: num(r, 'updated_at'),
    finished_at: optNum(r, 'finished_at'),
  };
}

const BACKUP_STATUSES: readonly BackupStatus[] = ['waiting', 'backuping', 'succeed', 'failed', 'expired', 'deleted'];

function toBackup(r: Row): BackupRow {
  const st = str(r, 'status');
  return {
    id: str(r, 'id'),
    project_id: str(r, 'project_id'),
    instance_id: str(r, 'instance_id'),
    name: str(r, 'name'),
    remark: str(r, 'remark'),
    backup_type: str(r, 'backup_type') === 'auto' ? 'auto' : 'manual',
    backup_format: str(r, 'backup_format') === 'aof' ? 'aof' : 'rdb',
    status: BACKUP_STATUSES.find((s) => s === st) ?? 'failed',
    progress: str(r, 'progress'),
    size: num(r, 'size'),
    error_code: optStr(r, 'error_code'),
    is_support_restore: str(r, 'is_support_restore') === 'TRUE' ? 'TRUE' : 'FALSE',
    files: jsonArray(r, 'files')
      .filter(isObj)
      .map((f) => ({ file_name: jstr(f, 'file_name'), node_id: jstr(f, 'node_id'), size: jnum(f, 'size') ?? 0 })),
    task_id: optStr(r, 'task_id'),
    created_at: num(r, 'created_at'),
    updated_at: num(r, 'updated_at'),
    execution_at: optNum(r, 'execution_at'),
  };
}

function toRestore(r: Row): RestoreRow {
  const st = str(r, 'status');
  return {
    id: str(r, 'id'),
    project_id: str(r, 'project_id'),
    instance_id: str(r, 'instance_id'),
    backup_id: str(r, 'backup_id'),
    name: str(r, 'name'),
    remark: str(r, 'remark'),
    status: st === 'waiting' || st === 'restoring' || st === 'succeed' ? st : 'failed',
    progress: str(r, 'progress'),
    error_code: optStr(r, 'error_code'),
    task_id: optStr(r, 'task_id'),
    created_at: num(r, 'created_at'),
    updated_at: num(r, 'updated_at'),
  };
}

// ---------------------------------------------------------------------------
// Encoding values for SQL

type Encodable = string | number | boolean | null | object;

function enc(v: Encodable | undefined): SQLInputValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' || typeof v === 'number') return v;
  return JSON.stringify(v);
}

function encodeAll<T extends object>(row: T): Record<string, SQLInputValue> {
  const out: Record<string, SQLInputValue> = {};
  for (const [k, v] of Object.entries(row)) {
    const value: unknown = v;
    if (value === undefined) continue;
    if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'object') {
      out[k] = enc(value);
    }
  }
  return out;
}

const IDENT = /^[a-z_]+$/;

function insertSql(table: string, cols: string[]): string {
  return `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `:${c}`).join(', ')})`;
}

// ---------------------------------------------------------------------------

export interface InstanceFilter {
  project_id: string;
  instance_id?: string;
  name?: string;
  name_equal?: boolean;
  status?: string;
  include_failures?: boolean;
  include_delete?: boolean;
  ip_port?: number | null;
  capacity_mb?: number;
  tags?: Tag[];
}

/** Typed access to the state database. */
export class Repo {
  readonly db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.db = db;
  }

  close(): void {
    try {
      this.db.close();
    } catch {
      /* already closed */
    }
  }

  /** Runs fn in one transaction. */
  tx<T>(fn: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const out = fn();
      this.db.exec('COMMIT');
      return out;
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    }
  }

  // --- meta -----------------------------------------------------------------

  getMeta(key: string): string | null {
    const r = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key);
    return r === undefined ? null : str(r, 'value');
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  // --- instances ------------------------------------------------------------

  insertInstance(row: InstanceRow): void {
    const v = encodeAll(row);
    this.db.prepare(insertSql('instances', Object.keys(v))).run(v);
  }

  updateInstance(id: string, patch: Partial<InstanceRow>): void {
    const v = encodeAll({ ...patch, updated_at: patch.updated_at ?? Date.now() });
    delete v['id'];
    const cols = Object.keys(v).filter((c) => IDENT.test(c));
    if (cols.length === 0) return;
    this.db.prepare(`UPDATE instances SET ${cols.map((c) => `${c} = :${c}`).join(', ')} WHERE id = :id`).run({ ...v, id });
  }

  /** An instance of the project, deleted ones excluded. */
  getInstance(project: string, id: string): InstanceRow | null {
    const r = this.db.prepare('SELECT * FROM instances WHERE id = ? AND project_id = ? AND deleted_at IS NULL').get(id, project);
    return r === undefined ? null : toInstance(r);
  }

  /** Any instance by id (supervisor use). */
  getInstanceById(id: string): InstanceRow | null {
    const r = this.db.prepare('SELECT * FROM instances WHERE id = ?').get(id);
    return r === undefined ? null : toInstance(r);
  }

  /** Instances not deleted, in every project (supervisor use). */
  liveInstances(): InstanceRow[] {
    return this.db.prepare('SELECT * FROM instances WHERE deleted_at IS NULL ORDER BY created_at').all().map(toInstance);
  }

  countInstances(): number {
    const r = this.db.prepare('SELECT COUNT(*) AS n FROM instances').get();
    return r === undefined ? 0 : num(r, 'n');
  }

  listInstances(f: InstanceFilter): InstanceRow[] {
    const where = ['project_id = :project_id'];
    const p: Record<string, SQLInputValue> = { project_id: f.project_id };
    if (!f.include_delete) where.push('deleted_at IS NULL');
    if (!f.include_failures && f.status !== 'CREATEFAILED') where.push("status <> 'CREATEFAILED'");
    if (f.instance_id !== undefined) {
      where.push('id = :instance_id');
      p['instance_id'] = f.instance_id;
    }
    if (f.status !== undefined) {
      where.push('status = :status');
      p['status'] = f.status;
    }
    if (f.capacity_mb !== undefined) {
      where.push('capacity_mb = :capacity_mb');
      p['capacity_mb'] = f.capacity_mb;
    }
    if (f.ip_port !== undefined && f.ip_port !== null) {
      where.push('port = :port');
      p['port'] = f.ip_port;
    }
    let rows = this.db.prepare(`SELECT * FROM instances WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id`).all(p).map(toInstance);
    if (f.name !== undefined) {
      const name = f.name;
      rows = rows.filter((r) => (f.name_equal ? r.name === name : r.name.toLowerCase().includes(name.toLowerCase())));
    }
    if (f.tags !== undefined && f.tags.length > 0) {
      const want = f.tags;
      rows = rows.filter((r) => want.every((t) => r.tags.some((x) => x.key === t.key && (t.value === '' || x.value === t.value))));
    }
    return rows;
  }

  nameTaken(project: string, name: string, except?: string): boolean {
    const r = this.db
      .prepare("SELECT id FROM instances WHERE project_id = ? AND name = ? AND deleted_at IS NULL AND id <> ? AND status <> 'CREATEFAILED'")
      .get(project, name, except ?? '');
    return r !== undefined;
  }

  /** [instances, MB] used by a project (deleted and failed ones excluded). */
  usage(project: string): { instances: number; mb: number } {
    const r = this.db
      .prepare("SELECT COUNT(*) AS n, COALESCE(SUM(capacity_mb), 0) AS mb FROM instances WHERE project_id = ? AND deleted_at IS NULL AND status <> 'CREATEFAILED'")
      .get(project);
    return r === undefined ? { instances: 0, mb: 0 } : { instances: num(r, 'n'), mb: num(r, 'mb') };
  }

  // --- nodes ----------------------------------------------------------------

  insertNode(row: NodeRow): void {
    const v = encodeAll(row);
    this.db.prepare(insertSql('nodes', Object.keys(v))).run(v);
  }

  updateNode(id: string, patch: Partial<NodeRow>): void {
    const v = encodeAll(patch);
    delete v['id'];
    const cols = Object.keys(v).filter((c) => IDENT.test(c));
    if (cols.length === 0) return;
    this.db.prepare(`UPDATE nodes SET ${cols.map((c) => `${c} = :${c}`).join(', ')} WHERE id = :id`).run({ ...v, id });
  }

  nodesOf(instanceId: string): NodeRow[] {
    return this.db.prepare('SELECT * FROM nodes WHERE instance_id = ? ORDER BY group_index, role, created_at').all(instanceId).map(toNode);
  }

  deleteNodes(instanceId: string): void {
    this.db.prepare('DELETE FROM nodes WHERE instance_id = ?').run(instanceId);
  }

  /** Ports held by nodes of live instances. */
  usedPorts(): Set<number> {
    const rows = this.db
      .prepare("SELECT n.port AS port FROM nodes n JOIN instances i ON i.id = n.instance_id WHERE i.deleted_at IS NULL AND i.status <> 'CREATEFAILED'")
      .all();
    return new Set(rows.map((r) => num(r, 'port')));
  }

  // --- tasks ----------------------------------------------------------------

  insertTask(row: TaskRow): void {
    const v = encodeAll(row);
    this.db.prepare(insertSql('tasks', Object.keys(v))).run(v);
  }

  updateTask(id: string, patch: Partial<TaskRow>): void {
    const v = encodeAll({ ...patch, updated_at: Date.now() });
    delete v['id'];
    const cols = Object.keys(v).filter((c) => IDENT.test(c));
    this.db.prepare(`UPDATE tasks SET ${cols.map((c) => `${c} = :${c}`).join(', ')} WHERE id = :id`).run({ ...v, id });
  }

  getTask(project: string, id: string): TaskRow | null {
    const r = this.db.prepare('SELECT * FROM tasks WHERE id = ? AND project_id = ? AND deleted = 0').get(id, project);
    return r === undefined ? null : toTask(r);
  }

  getTaskById(id: string): TaskRow | null {
    const r = this.db.prepare('SELECT * FROM tasks WHERE id = ?').get(id);
    return r === undefined ? null : toTask(r);
  }

  listTasks(project: string, instanceId: string | null, from: number | null, to: number | null): TaskRow[] {
    const where = ['project_id = :project_id', 'deleted = 0'];
    const p: Record<string, SQLInputValue> = { project_id: project };
    if (instanceId !== null) {
      where.push('instance_id = :instance_id');
      p['instance_id'] = instanceId;
    }
    if (from !== null) {
      where.push('created_at >= :from');
      p['from'] = from;
    }
    if (to !== null) {
      where.push('created_at <= :to');
      p['to'] = to;
    }
    return this.db.prepare(`SELECT * FROM tasks WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id`).all(p).map(toTask);
  }

  /** Tasks left RUNNING or WAITING by a previous process. */
  unfinishedTasks(): TaskRow[] {
    return this.db.prepare("SELECT * FROM tasks WHERE status IN ('RUNNING', 'WAITING')").all().map(toTask);
  }

  // --- backups --------------------------------------------------------------

  insertBackup(row: BackupRow): void {
    const v = encodeAll(row);
    this.db.prepare(insertSql('backups', Object.keys(v))).run(v);
  }

  updateBackup(id: string, patch: Partial<BackupRow>): void {
    const v = encodeAll({ ...patch, updated_at: Date.now() });
    delete v['id'];
    const cols = Object.keys(v).filter((c) => IDENT.test(c));
    this.db.prepare(`UPDATE backups SET ${cols.map((c) => `${c} = :${c}`).join(', ')} WHERE id = :id`).run({ ...v, id });
  }

  getBackup(project: string, instanceId: string, id: string): BackupRow | null {
    const r = this.db.prepare('SELECT * FROM backups WHERE id = ? AND project_id = ? AND instance_id = ?').get(id, project, instanceId);
    return r === undefined ? null : toBackup(r);
  }

  getBackupById(id: string): BackupRow | null {
    const r = this.db.prepare('SELECT * FROM backups WHERE id = ?').get(id);
    return r === undefined ? null : toBackup(r);
  }

  listBackups(project: string, instanceId: string, from: number | null, to: number | null): BackupRow[] {
    const rows = this.db
      .prepare('SELECT * FROM backups WHERE project_id = ? AND instance_id = ? ORDER BY created_at DESC, id')
      .all(project, instanceId)
      .map(toBackup);
    return rows.filter((b) => (from === null || b.created_at >= from) && (to === null || b.created_at <= to));
  }

  backupsInProgress(): BackupRow[] {
    return this.db.prepare("SELECT * FROM backups WHERE status IN ('waiting', 'backuping')").all().map(toBackup);
  }

  // --- restores -------------------------------------------------------------

  insertRestore(row: RestoreRow): void {
    const v = encodeAll(row);
    this.db.prepare(insertSql('restores', Object.keys(v))).run(v);
  }

  updateRestore(id: string, patch: Partial<RestoreRow>): void {
    const v = encodeAll({ ...patch, updated_at: Date.now() });
    delete v['id'];
    const cols = Object.keys(v).filter((c) => IDENT.test(c));
    this.db.prepare(`UPDATE restores SET ${cols.map((c) => `${c} = :${c}`).join(', ')} WHERE id = :id`).run({ ...v, id });
  }

  listRestores(project: string, instanceId: string, from: number | null, to: number | null): RestoreRow[] {
    const rows = this.db
      .prepare('SELECT * FROM restores WHERE project_id = ? AND instance_id = ? ORDER BY created_at DESC, id')
      .all(project, instanceId)
      .map(toRestore);
    return rows.filter((b) => (from === null || b.created_at >= from) && (to === null || b.created_at <= to));
  }

  restoresInProgress(): RestoreRow[] {
    return this.db.prepare("SELECT * FROM restores WHERE status IN ('waiting', 'restoring')").all().map(toRestore);
  }
}

/** Opens (creating if needed) `<dataDir>/dcs-control.db` and brings its schema up to date. */
export function openDatabase(dataDir: string): Repo {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, 'dcs-control.db');
  const db = new DatabaseSync(file);
  // it holds the instance passwords: owner-only (the WAL and shm files inherit the mode)
  chmodSync(file, 0o600);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA foreign_keys = ON');
  db.exec('PRAGMA busy_timeout = 5000');
  migrate(db);
  return new Repo(db);
}
