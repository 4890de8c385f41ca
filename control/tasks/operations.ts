/**
 * control/tasks/operations.ts — what the API's mutating calls do to instances.
 *
 * Owns: create (batches, CREATING -> RUNNING | CREATEFAILED), modify, delete, restart /
 * soft_restart / flush (RESTARTING, FLUSHING), resize (EXTENDING; CONFIG SET maxmemory on the live
 * nodes), configuration changes (CONFIG SET), password change (old-password check, 5 attempts then
 * a 5-minute lock) and reset, backups (BGSAVE, copy of the node's dump.rdb, verification in the
 * piscina pool), restores (RESTORING: stop, put the RDB in place, start), crash bookkeeping (the
 * supervisor's events), start-up recovery (re-adopt or restart every node; interrupted tasks fail)
 * and the default instance.
 *
 * Invariants: at most one operation per instance at a time (`busy`); an operation suspends the
 * supervisor's auto-restart of the nodes it handles. Every long operation leaves a task record with
 * its steps. Validation happens before anything changes and throws DcsError; the asynchronous part
 * never throws to its caller (failures land in the instance status and the task). Passwords are
 * compared in constant time and never logged.
 */

import { randomUUID, createHash, timingSafeEqual } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BackupFile, CacheMode, InstanceRow, InstanceStatus, Json, NodeRow, Repo } from '../db/repo.ts';
import { dcs, type ErrorName } from '../errors.ts';
import { ENGINE_VERSIONS, RUNNABLE_MODES, flavorByCode, gbToMb, mbToGbText, type Flavor } from '../catalogue/flavors.ts';
import { DEFAULT_MAINTAIN_BEGIN, DEFAULT_MAINTAIN_END, ZONES, isMaintainWindow, zoneByCode } from '../catalogue/zones.ts';
import { checkValue, engineSettings, maxmemoryBytes, paramByName, paramsFor } from '../catalogue/config-params.ts';
import type { ControlOptions } from '../options.ts';
import type { Logger } from '../log.ts';
import { scrub } from '../log.ts';
import type { Supervisor, SupervisorEvents } from '../supervisor/supervisor.ts';
import type { PortAllocator } from '../supervisor/ports.ts';
import { RespError, parseInfo, type Reply } from '../supervisor/resp.ts';
import { verifyRdb } from '../backup/verify-pool.ts';
import type { Tasks, TaskRun } from './tasks.ts';
import type { BackupPolicyBody, CreateBody, ModifyBody, ResizeBody } from '../schemas/lifecycle.ts';
import type { ConfigItem } from '../schemas/configs.ts';
import { compactTime, passwordOk } from '../util.ts';

type OpKind = 'create' | 'restart' | 'flush' | 'resize' | 'config' | 'password' | 'backup' | 'restore' | 'port' | 'delete';

const BUSY_ERROR: Record<OpKind, ErrorName> = {
  create: 'CREATING',
  restart: 'RESTARTING',
  flush: 'BAD_STATE',
  resize: 'EXTENDING',
  config: 'CONFIGURING',
  password: 'CHANGING_PASSWORD',
  backup: 'BACKING_UP',
  restore: 'RESTORING',
  port: 'RESTARTING',
  delete: 'BAD_STATE',
};

const STATUS_ERROR: Partial<Record<InstanceStatus, ErrorName>> = {
  CREATING: 'CREATING',
  RESTARTING: 'RESTARTING',
  EXTENDING: 'EXTENDING',
  RESTORING: 'RESTORING',
};

/** Attempts before a password change locks, and the lock duration. */
export const PASSWORD_RETRIES = 5;
export const PASSWORD_LOCK_MINUTES = 5;

export interface PasswordResult {
  lock_time: string;
  result: 'success' | 'passwordFailed' | 'locked' | 'failed';
  lock_time_left: string;
  retry_times_left: string;
  message: string;
}

export interface BatchResult {
  result: 'success' | 'failed';
  instance: string;
}

class StepError extends Error {
  readonly errorCode: string;
  constructor(message: string, errorCode: string) {
    super(message);
    this.errorCode = errorCode;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function errText(err: unknown): string {
  return scrub(err instanceof Error ? err.message : String(err)).slice(0, 1000);
}

function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

function hostCpuType(): 'x86_64' | 'aarch64' {
  return os.arch() === 'arm64' ? 'aarch64' : 'x86_64';
}

export interface OperationsDeps {
  repo: Repo;
  sup: Supervisor;
  tasks: Tasks;
  ports: PortAllocator;
  opts: ControlOptions;
  log: Logger;
}

export class Operations implements SupervisorEvents {
  private readonly repo: Repo;
  private readonly sup: Supervisor;
  private readonly tasks: Tasks;
  private readonly ports: PortAllocator;
  private readonly opts: ControlOptions;
  private readonly log: Logger;
  private readonly busy = new Map<string, OpKind>();
  private readonly recoveries = new Map<string, TaskRun>();
  private readonly running = new Set<Promise<void>>();

  constructor(d: OperationsDeps) {
    this.repo = d.repo;
    this.sup = d.sup;
    this.tasks = d.tasks;
    this.ports = d.ports;
    this.opts = d.opts;
    this.log = d.log;
  }

  get instancesDir(): string {
    return path.join(this.opts.dataDir, 'instances');
  }

  get backupsDir(): string {
    return path.join(this.opts.dataDir, 'backups');
  }

  /** Resolves when every asynchronous operation started so far has finished. */
  async settle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private spawnOp(fn: () => Promise<void>): void {
    const p = fn().catch((err: unknown) => this.log.error(`operation failed unexpectedly: ${errText(err)}`));
    this.running.add(p);
    void p.finally(() => this.running.delete(p));
  }

  // --- lookups and state checks ---------------------------------------------------

  instance(project: string, id: string): InstanceRow {
    const inst = this.repo.getInstance(project, id);
    if (inst === null) throw dcs('INSTANCE_NOT_FOUND');
    return inst;
  }

  busyWith(id: string): OpKind | undefined {
    return this.busy.get(id);
  }

  /** Throws the DCS error for an instance that cannot take an operation now. */
  private checkIdle(inst: InstanceRow, notRunning: ErrorName = 'BAD_STATE'): void {
    const b = this.busy.get(inst.id);
    if (b !== undefined) throw dcs(BUSY_ERROR[b]);
    if (inst.status !== 'RUNNING') throw dcs(STATUS_ERROR[inst.status] ?? notRunning);
  }

  private acquire(id: string, kind: OpKind): void {
    this.busy.set(id, kind);
  }

  private release(id: string): void {
    this.busy.delete(id);
  }

  private setStatus(id: string, status: InstanceStatus, extra: Partial<InstanceRow> = {}): void {
    this.repo.updateInstance(id, { status, ...extra });
  }

  private masters(instId: string): NodeRow[] {
    return this.repo.nodesOf(instId).filter((n) => n.role === 'master');
  }

  /** Runs a command on a node; an error reply becomes an exception. */
  private async exec(inst: InstanceRow, node: NodeRow, ...args: string[]): Promise<Reply> {
    const r = await this.sup.call(inst, node, ...args);
    if (r instanceof RespError) throw new Error(`${args[0] ?? ''}: ${r.message}`);
    return r;
  }

  // --- validation shared by create and modify ----------------------------------

  private validatePolicy(p: BackupPolicyBody): Json {
    if (p.backup_type === 'auto') {
      if (p.save_days === undefined) throw dcs('INVALID_SAVE_DAYS');
      const plan = p.periodical_backup_plan;
      if (plan === undefined) throw dcs('INVALID_PERIOD_TYPE');
      if (plan.period_type !== 'weekly') throw dcs('INVALID_PERIOD_TYPE');
      if (plan.backup_at === undefined || plan.backup_at.length === 0) throw dcs('INVALID_BACKUP_AT');
      const begin = plan.begin_at;
      const m = begin === undefined ? null : /^(\d{2}):00-(\d{2}):00$/.exec(begin);
      if (m === null || Number(m[1]) > 23 || (Number(m[1]) + 1) % 24 !== Number(m[2])) throw dcs('INVALID_BEGIN_AT');
    }
    const out: { [k: string]: Json } = { backup_type: p.backup_type };
    if (p.save_days !== undefined) out['save_days'] = p.save_days;
    if (p.periodical_backup_plan !== undefined) {
      const plan = p.periodical_backup_plan;
      const o: { [k: string]: Json } = {};
      if (plan.backup_at !== undefined) o['backup_at'] = [...plan.backup_at].sort((a, b) => a - b);
      if (plan.period_type !== undefined) o['period_type'] = plan.period_type;
      if (plan.begin_at !== undefined) o['begin_at'] = plan.begin_at;
      if (plan.timezone_offset !== undefined) o['timezone_offset'] = plan.timezone_offset;
      out['periodical_backup_plan'] = o;
    }
    return out;
  }

  private validateMaintain(begin: string | undefined, end: string | undefined): [string, string] | null {
    if (begin === undefined && end === undefined) return null;
    if (begin === undefined || end === undefined || !isMaintainWindow(begin, end)) throw dcs('INVALID_MAINTAIN_TIME');
    return [begin, end];
  }

  // --- create ------------------------------------------------------------------------

  /** Validates a create request, records the instances (CREATING) and starts them. */
  async create(project: string, b: CreateBody): Promise<{ instance_id: string; instance_name: string }[]> {
    if (b.engine.toLowerCase() !== 'redis') throw dcs('ENGINE_NOT_SUPPORTED');
    if (b.engine_version === undefined || !ENGINE_VERSIONS.includes(b.engine_version)) throw dcs('VERSION_NOT_SUPPORTED');
    const flavor = flavorByCode(b.spec_code);
    if (flavor === undefined) throw dcs('INVALID_SPEC_CODE');
    if (gbToMb(b.capacity) !== flavor.capacity_mb) throw dcs('INVALID_CAPACITY');
    if (!RUNNABLE_MODES.has(flavor.cache_mode)) throw dcs('TYPE_NOT_SUPPORTED');
    for (const az of b.az_codes) if (zoneByCode(az) === undefined) throw dcs('AZ_NOT_FOUND');
    if (flavor.cache_mode === 'single' && b.az_codes.length !== 1) throw dcs('INVALID_PARAM', 'az_codes');
    const num = b.instance_num;
    if (num > 1 && b.name.length > 56) throw dcs('INVALID_NAME');
    if (b.bss_param?.charging_mode !== undefined && b.bss_param.charging_mode !== 'postPaid') throw dcs('INVALID_PARAM', 'charging_mode');
    const maintain = this.validateMaintain(b.maintain_begin, b.maintain_end) ?? [DEFAULT_MAINTAIN_BEGIN, DEFAULT_MAINTAIN_END];
    let password: string | null = null;
    if (b.no_password_access) {
      if (b.password !== undefined && b.password !== '') throw dcs('INVALID_PASSWORD');
    } else {
      if (b.password === undefined || b.password === '') throw dcs('INVALID_PASSWORD');
      if (!passwordOk(b.password)) throw dcs('PASSWORD_COMPLEXITY');
      password = b.password;
    }
    const policy = b.instance_backup_policy === undefined ? null : this.validatePolicy(b.instance_backup_policy);
    const tags = b.tags ?? [];
    if (new Set(tags.map((t) => t.key)).size !== tags.length) throw dcs('INVALID_PARAM', 'tags');
    const names = num === 1 ? [b.name] : Array.from({ length: num }, (_, i) => `${b.name}-${String(i).padStart(3, '0')}`);
    for (const n of names) if (this.repo.nameTaken(project, n)) throw dcs('NAME_EXISTS');
    const use = this.repo.usage(project);
    if (use.instances + num > this.opts.quotaInstances) throw dcs('INSTANCE_QUOTA');
    if (use.mb + num * flavor.capacity_mb > this.opts.quotaRamGb * 1024) throw dcs('MEMORY_QUOTA');

    const nodesPer = flavor.sharding_num * flavor.replica_count + flavor.proxy_num;
    const ports: number[] = [];
    try {
      for (let i = 0; i < num * nodesPer; i++) {
        const p = await this.ports.allocate(i === 0 ? b.port : undefined);
        if (p === null) throw dcs('NETWORK_IP_INSUFFICIENT');
        ports.push(p);
      }
    } catch (err) {
      for (const p of ports) this.ports.release(p);
      throw err;
    }

    const out: { instance_id: string; instance_name: string }[] = [];
    const created: InstanceRow[] = [];
    const now = Date.now();
    this.repo.tx(() => {
      for (let i = 0; i < num; i++) {
        const id = randomUUID();
        const myPorts = ports.slice(i * nodesPer, (i + 1) * nodesPer);
        const inst: InstanceRow = {
          id,
          project_id: project,
          name: names[i] ?? b.name,
          description: b.description ?? '',
          engine: 'Redis',
          engine_version: b.engine_version ?? '6.0',
          cache_mode: flavor.cache_mode,
          spec_code: flavor.spec_code,
          capacity_mb: flavor.capacity_mb,
          cpu_type: flavor.cpu_type,
          replica_count: flavor.replica_count,
          sharding_count: flavor.sharding_num,
          proxy_count: flavor.proxy_num,
          status: 'CREATING',
          sub_status: 'normal',
          fail_reason: null,
          port: myPorts[0] ?? 0,
          az_codes: b.az_codes,
          vpc_id: b.vpc_id,
          subnet_id: b.subnet_id,
          security_group_id: b.security_group_id ?? null,
          publicip_id: b.publicip_id ?? null,
          enable_publicip: b.enable_publicip ?? false,
          enable_ssl: b.enable_ssl ?? false,
          private_ip: b.private_ip ?? null,
          maintain_begin: maintain[0],
          maintain_end: maintain[1],
          password,
          no_password_access: b.no_password_access,
          access_user: b.access_user ?? null,
          pwd_retry_left: PASSWORD_RETRIES,
          pwd_locked_until: 0,
          tags: tags.map((t) => ({ key: t.key, value: t.value ?? '' })),
          rename_commands: b.rename_commands ?? {},
          backup_policy: policy,
          backup_policy_id: policy === null ? null : randomUUID(),
          backup_policy_at: policy === null ? null : now,
          enterprise_project_id: b.enterprise_project_id ?? null,
          template_id: b.template_id ?? null,
          config: {},
          config_status: 'SUCCESS',
          config_time: null,
          service_task_id: null,
          created_at: now + i,
          updated_at: now + i,
          launched_at: null,
          deleted_at: null,
        };
        this.repo.insertInstance(inst);
        this.insertNodes(inst, flavor, myPorts, b.az_codes);
        created.push(inst);
        out.push({ instance_id: id, instance_name: inst.name });
      }
    });
    for (const p of ports) this.ports.release(p);
    for (const inst of created) {
      this.acquire(inst.id, 'create');
      this.spawnOp(() => this.runCreate(inst));
    }
    return out;
  }

  private insertNodes(inst: InstanceRow, flavor: Flavor, ports: number[], azs: string[]): void {
    const zones = azs.length > 0 ? azs : [ZONES[0]?.code ?? 'local-az1'];
    let k = 0;
    const slotsPer = Math.floor(16384 / flavor.sharding_num);
    for (let g = 0; g < flavor.sharding_num; g++) {
      const groupId = randomUUID();
      for (let r = 0; r < flavor.replica_count; r++) {
        this.repo.insertNode({
          id: randomUUID(),
          instance_id: inst.id,
          group_id: groupId,
          group_name: `group-${g}`,
          group_index: g,
          slot_start: flavor.cache_mode === 'cluster' || flavor.cache_mode === 'proxy' ? g * slotsPer : 0,
          slot_end: flavor.cache_mode === 'cluster' || flavor.cache_mode === 'proxy' ? (g === flavor.sharding_num - 1 ? 16383 : (g + 1) * slotsPer - 1) : 16383,
          logical_node_id: randomUUID().replace(/-/g, ''),
          replication_id: randomUUID(),
          role: r === 0 ? 'master' : 'slave',
          port: ports[k] ?? 0,
          dir: path.join(this.instancesDir, inst.id, `node-${k}`),
          az_code: zones[r % zones.length] ?? 'local-az1',
          priority_weight: 100,
          pid: null,
          desired: 'running',
          status: 'Creating',
          restarts: 0,
          created_at: Date.now(),
        });
        k++;
      }
    }
    for (let p = 0; p < flavor.proxy_num; p++) {
      this.repo.insertNode({
        id: randomUUID(),
        instance_id: inst.id,
        group_id: 'proxy',
        group_name: 'proxy',
        group_index: flavor.sharding_num,
        slot_start: null,
        slot_end: null,
        logical_node_id: randomUUID().replace(/-/g, ''),
        replication_id: randomUUID(),
        role: 'proxy',
        port: ports[k] ?? 0,
        dir: path.join(this.instancesDir, inst.id, `node-${k}`),
        az_code: zones[p % zones.length] ?? 'local-az1',
        priority_weight: 0,
        pid: null,
        desired: 'running',
        status: 'Creating',
        restarts: 0,
        created_at: Date.now(),
      });
      k++;
    }
  }

  private async runCreate(inst: InstanceRow): Promise<void> {
    const task = this.tasks.start(inst.project_id, inst.id, 'CreateInstance', ['Pre-check.', 'Create the instance nodes.', 'Start the instance nodes.', 'Health check.'], {
      new_cache_mode: inst.cache_mode,
      new_capacity: mbToGbText(inst.capacity_mb),
      new_resource_spec_code: inst.spec_code,
    });
    this.repo.updateInstance(inst.id, { service_task_id: task.id });
    const nodes = this.repo.nodesOf(inst.id);
    for (const n of nodes) this.sup.suspend(n.id);
    try {
      await task.step(0, () => undefined);
      await task.step(1, () => {
        for (const n of nodes) mkdirSync(n.dir, { recursive: true, mode: 0o700 });
      });
      const cur = this.repo.getInstanceById(inst.id) ?? inst;
      await task.step(2, async () => {
        for (const n of nodes) await this.sup.start(cur, n);
      });
      await task.step(3, async () => {
        for (const n of nodes) await this.exec(cur, n, 'PING');
      });
      this.setStatus(inst.id, 'RUNNING', { launched_at: Date.now(), service_task_id: null });
      task.succeed();
      this.log.info(`instance ${inst.id} (${inst.name}) is RUNNING on port ${inst.port}`);
    } catch (err) {
      const reason = errText(err);
      this.log.warn(`instance ${inst.id} (${inst.name}) failed to be created: ${reason}`);
      const cur = this.repo.getInstanceById(inst.id) ?? inst;
      for (const n of nodes) await this.sup.stop(cur, n, { save: false }).catch(() => undefined);
      this.setStatus(inst.id, 'CREATEFAILED', { fail_reason: reason, service_task_id: null });
      task.fail(reason, 'DCS.5031');
    } finally {
      for (const n of nodes) this.sup.resume(n.id);
      this.release(inst.id);
    }
  }

  // --- modify ------------------------------------------------------------------------

  modify(project: string, id: string, b: ModifyBody): void {
    const inst = this.instance(project, id);
    const patch: Partial<InstanceRow> = {};
    if (b.name !== undefined && b.name !== inst.name) {
      if (this.repo.nameTaken(project, b.name, inst.id)) throw dcs('NAME_EXISTS');
      patch.name = b.name;
    }
    if (b.description !== undefined) patch.description = b.description;
    const maintain = this.validateMaintain(b.maintain_begin, b.maintain_end);
    if (maintain !== null) [patch.maintain_begin, patch.maintain_end] = maintain;
    if (b.security_group_id !== undefined) patch.security_group_id = b.security_group_id;
    if (b.rename_commands !== undefined) patch.rename_commands = b.rename_commands;
    if (b.instance_backup_policy !== undefined) {
      patch.backup_policy = this.validatePolicy(b.instance_backup_policy);
      patch.backup_policy_id = inst.backup_policy_id ?? randomUUID();
      patch.backup_policy_at = Date.now();
    }
    const portChange = b.port !== undefined && b.port !== inst.port ? b.port : undefined;
    if (portChange !== undefined) {
      this.checkIdle(inst);
      if (inst.cache_mode !== 'single') throw dcs('INVALID_PARAM', 'port');
    }
    this.repo.updateInstance(inst.id, patch);
    if (portChange !== undefined) {
      this.acquire(inst.id, 'port');
      this.spawnOp(() => this.runPortChange(inst.id, portChange));
    }
  }

  private async runPortChange(id: string, port: number): Promise<void> {
    const inst = this.repo.getInstanceById(id);
    if (inst === null) return;
    const node = this.masters(id)[0];
    const task = this.tasks.start(inst.project_id, id, 'UpdatePort', ['Pre-check.', 'Stop the node.', 'Start the node on the new port.'], {
      old_port: inst.port,
      new_port: port,
    });
    if (node === undefined) {
      task.fail('the instance has no node');
      this.release(id);
      return;
    }
    this.sup.suspend(node.id);
    try {
      const got = await task.step(0, async () => {
        const p = await this.ports.allocate(port);
        if (p !== port) throw new Error(`port ${port} is not free`);
        return p;
      });
      this.setStatus(id, 'RESTARTING');
      await task.step(1, () => this.sup.stop(inst, node, { save: true }));
      await task.step(2, async () => {
        this.repo.updateNode(node.id, { port: got });
        this.repo.updateInstance(id, { port: got });
        this.ports.release(got);
        const cur = this.repo.getInstanceById(id) ?? inst;
        const row = this.repo.nodesOf(id).find((n) => n.id === node.id) ?? node;
        await this.sup.start(cur, row);
      });
      this.setStatus(id, 'RUNNING');
      task.succeed();
    } catch (err) {
      this.ports.release(port);
      task.fail(errText(err));
      const cur = this.repo.getInstanceById(id);
      if (cur !== null && cur.port !== port) {
        // still on the old port: bring the node back there
        const row = this.repo.nodesOf(id).find((n) => n.id === node.id) ?? node;
        try {
          await this.sup.start(cur, row);
          this.setStatus(id, 'RUNNING');
        } catch {
          this.setStatus(id, 'ERROR');
        }
      } else {
        this.setStatus(id, 'ERROR');
      }
    } finally {
      this.sup.resume(node.id);
      this.release(id);
    }
  }

  // --- delete ------------------------------------------------------------------------

  private checkDeletable(inst: InstanceRow): void {
    if (this.busy.has(inst.id)) throw dcs('CANNOT_DELETE_BUSY');
    if (['CREATING', 'RESTARTING', 'EXTENDING', 'RESTORING', 'FLUSHING'].includes(inst.status)) throw dcs('CANNOT_DELETE_BUSY');
  }

  /** Deletes an instance: gone from the API at once; its processes stopped, ports freed, data removed. */
  async delete(project: string, id: string): Promise<void> {
    const inst = this.instance(project, id);
    this.checkDeletable(inst);
    this.acquire(inst.id, 'delete');
    try {
      this.repo.updateInstance(inst.id, { deleted_at: Date.now(), status: 'DELETED' });
      const nodes = this.repo.nodesOf(inst.id);
      for (const n of nodes) this.repo.updateNode(n.id, { desired: 'stopped', status: 'Deleting' });
      await Promise.all(nodes.map((n) => this.sup.stop(inst, n, { save: false }).catch((err: unknown) => this.log.warn(`delete ${inst.id}: ${errText(err)}`))));
      for (const b of this.repo.listBackups(project, inst.id, null, null)) {
        if (b.status !== 'deleted') this.repo.updateBackup(b.id, { status: 'deleted' });
      }
      rmSync(path.join(this.instancesDir, inst.id), { recursive: true, force: true });
      rmSync(path.join(this.backupsDir, inst.id), { recursive: true, force: true });
      this.tasks.record(project, inst.id, 'DeleteInstance', true, { instance_name: inst.name });
      this.log.info(`instance ${inst.id} (${inst.name}) deleted`);
    } finally {
      this.release(inst.id);
    }
  }

  /** Batch delete: per-instance results (malformed, unknown or busy ids fail). */
  async deleteMany(project: string, ids: string[] | undefined, allFailure: boolean): Promise<BatchResult[]> {
    let targets = ids ?? [];
    if (allFailure) {
      targets = this.repo
        .listInstances({ project_id: project, include_failures: true, status: 'CREATEFAILED' })
        .map((i) => i.id);
    } else {
      if (targets.length === 0) throw dcs('INSTANCES_MISSING');
      if (targets.length > 50) throw dcs('TOO_MANY_INSTANCES');
    }
    const results: BatchResult[] = [];
    for (const id of targets) {
      try {
        await this.delete(project, id);
        results.push({ result: 'success', instance: id });
      } catch {
        results.push({ result: 'failed', instance: id });
      }
    }
    return results;
  }

  // --- restart / soft restart / flush --------------------------------------------------

  /** PUT /instances/status: per-instance results; the work runs in the background. */
  statusAction(project: string, ids: string[], action: 'restart' | 'soft_restart' | 'flush'): BatchResult[] {
    if (ids.length > 50) throw dcs('TOO_MANY_INSTANCES');
    const results: BatchResult[] = [];
    for (const id of ids) {
      const inst = this.repo.getInstance(project, id);
      // a restart may also bring an instance in ERROR back; a flush needs it RUNNING
      const allowed = inst !== null && (inst.status === 'RUNNING' || (action !== 'flush' && inst.status === 'ERROR'));
      if (inst === null || this.busy.has(id) || !allowed) {
        results.push({ result: 'failed', instance: id });
        continue;
      }
      if (action === 'flush') {
        this.acquire(id, 'flush');
        this.setStatus(id, 'FLUSHING');
        this.spawnOp(() => this.runFlush(inst));
      } else {
        this.acquire(id, 'restart');
        this.setStatus(id, 'RESTARTING');
        this.spawnOp(() => this.runRestart(inst, action === 'soft_restart'));
      }
      results.push({ result: 'success', instance: id });
    }
    return results;
  }

  private async runRestart(inst: InstanceRow, soft: boolean): Promise<void> {
    const nodes = this.repo.nodesOf(inst.id);
    const task = this.tasks.start(
      inst.project_id,
      inst.id,
      soft ? 'SoftRestartInstance' : 'RestartInstance',
      ['Pre-check.', soft ? 'Save and stop the instance nodes.' : 'Stop the instance nodes.', 'Start the instance nodes.', 'Health check.'],
    );
    this.repo.updateInstance(inst.id, { service_task_id: task.id });
    for (const n of nodes) this.sup.suspend(n.id);
    try {
      await task.step(0, () => undefined);
      await task.step(1, async () => {
        for (const n of nodes) await this.sup.stop(inst, n, { save: soft });
      });
      const cur = this.repo.getInstanceById(inst.id) ?? inst;
      await task.step(2, async () => {
        for (const n of this.repo.nodesOf(inst.id)) await this.sup.start(cur, n);
      });
      await task.step(3, async () => {
        for (const n of this.repo.nodesOf(inst.id)) await this.exec(cur, n, 'PING');
      });
      this.setStatus(inst.id, 'RUNNING', { service_task_id: null });
      task.succeed();
    } catch (err) {
      task.fail(errText(err));
      this.setStatus(inst.id, 'ERROR', { service_task_id: null });
    } finally {
      for (const n of nodes) this.sup.resume(n.id);
      this.release(inst.id);
    }
  }

  private async runFlush(inst: InstanceRow): Promise<void> {
    const task = this.tasks.start(inst.project_id, inst.id, 'FlushInstance', ['Pre-check.', 'Clear the data of the master nodes.', 'Persist the empty data set.']);
    this.repo.updateInstance(inst.id, { service_task_id: task.id });
    try {
      await task.step(0, () => undefined);
      const masters = this.masters(inst.id);
      await task.step(1, async () => {
        for (const n of masters) await this.exec(inst, n, 'FLUSHALL');
      });
      await task.step(2, async () => {
        for (const n of masters) {
          // so that a restart does not bring the old snapshot back (ignored when the engine lacks SAVE)
          await this.sup.call(inst, n, 'SAVE').catch(() => undefined);
        }
      });
      task.succeed();
    } catch (err) {
      task.fail(errText(err));
    } finally {
      this.setStatus(inst.id, 'RUNNING', { service_task_id: null });
      this.release(inst.id);
    }
  }

  // --- resize --------------------------------------------------------------------------

  resize(project: string, id: string, b: ResizeBody): void {
    const inst = this.instance(project, id);
    this.checkIdle(inst, 'NOT_RUNNING');
    const flavor = flavorByCode(b.spec_code);
    if (flavor === undefined) throw dcs('INVALID_SPEC_CODE');
    if (b.change_type === 'instanceType' || flavor.cache_mode !== inst.cache_mode) throw dcs('TYPE_CANNOT_CHANGE');
    if (b.change_type !== undefined) throw dcs('RESIZE_NOT_SUPPORTED');
    if (gbToMb(b.new_capacity) !== flavor.capacity_mb) throw dcs('INVALID_CAPACITY');
    if (flavor.replica_count !== inst.replica_count || flavor.sharding_num !== inst.sharding_count) throw dcs('RESIZE_NOT_SUPPORTED');
    if (flavor.spec_code === inst.spec_code) throw dcs('RESIZE_INVALID');
    const use = this.repo.usage(project);
    if (use.mb - inst.capacity_mb + flavor.capacity_mb > this.opts.quotaRamGb * 1024) throw dcs('MEMORY_QUOTA');
    const next: InstanceRow = { ...inst, capacity_mb: flavor.capacity_mb, spec_code: flavor.spec_code, cpu_type: flavor.cpu_type };
    let used = 0;
    for (const n of this.masters(inst.id)) used = Math.max(used, this.sup.statsOf(n.id)?.used_memory ?? 0);
    if (used > maxmemoryBytes(next)) throw dcs('RESIZE_INVALID');
    this.acquire(inst.id, 'resize');
    this.setStatus(inst.id, 'EXTENDING');
    this.spawnOp(() => this.runResize(inst, next, flavor));
  }

  private async runResize(inst: InstanceRow, next: InstanceRow, flavor: Flavor): Promise<void> {
    const task = this.tasks.start(inst.project_id, inst.id, 'EXTEND', ['Pre-check.', 'Change the maxmemory of the instance nodes.', 'Update the instance specifications.'], {
      old_capacity: mbToGbText(inst.capacity_mb),
      new_capacity: mbToGbText(flavor.capacity_mb),
      old_resource_spec_code: inst.spec_code,
      new_resource_spec_code: flavor.spec_code,
      old_cache_mode: inst.cache_mode,
      new_cache_mode: flavor.cache_mode,
      old_replica_num: inst.replica_count,
      new_replica_num: flavor.replica_count,
    });
    this.repo.updateInstance(inst.id, { service_task_id: task.id });
    const nodes = this.repo.nodesOf(inst.id).filter((n) => n.role !== 'proxy');
    const done: NodeRow[] = [];
    try {
      await task.step(0, () => undefined);
      const bytes = String(maxmemoryBytes(next));
      await task.step(1, async () => {
        for (const n of nodes) {
          await this.exec(inst, n, 'CONFIG', 'SET', 'maxmemory', bytes);
          done.push(n);
        }
      }, `maxmemory ${bytes}`);
      await task.step(2, () => {
        this.repo.updateInstance(inst.id, { capacity_mb: next.capacity_mb, spec_code: next.spec_code, cpu_type: next.cpu_type });
      });
      task.succeed();
      this.log.info(`instance ${inst.id} resized to ${mbToGbText(next.capacity_mb)} GB (${next.spec_code})`);
    } catch (err) {
      const old = String(maxmemoryBytes(inst));
      for (const n of done) await this.sup.call(inst, n, 'CONFIG', 'SET', 'maxmemory', old).catch(() => undefined);
      task.fail(errText(err));
    } finally {
      this.setStatus(inst.id, 'RUNNING', { service_task_id: null });
      this.release(inst.id);
    }
  }

  // --- configuration -------------------------------------------------------------------

  async updateConfigs(project: string, id: string, items: ConfigItem[]): Promise<void> {
    const inst = this.instance(project, id);
    this.checkIdle(inst);
    const config = { ...inst.config };
    const changed = new Set<string>();
    for (const item of items) {
      const spec = paramByName(item.param_name);
      if (spec === undefined || !spec.modes.includes(inst.cache_mode) || spec.id !== item.param_id) {
        throw dcs('INVALID_CONFIG_VALUE', item.param_name.slice(0, 64));
      }
      const v = checkValue(spec, item.param_value, inst);
      if (v === null) throw dcs('INVALID_CONFIG_VALUE', spec.name);
      config[spec.name] = v;
      changed.add(spec.name);
    }
    if (changed.size === 0) return;
    const next: InstanceRow = { ...inst, config };
    if (changed.has('reserved-memory') || changed.has('reserved-memory-percent')) {
      let used = 0;
      for (const n of this.masters(inst.id)) used = Math.max(used, this.sup.statsOf(n.id)?.used_memory ?? 0);
      if (used > maxmemoryBytes(next)) throw dcs('RESERVED_MEMORY_TOO_BIG');
    }
    this.acquire(inst.id, 'config');
    this.repo.updateInstance(inst.id, { config_status: 'UPDATING' });
    const nodes = this.repo.nodesOf(inst.id).filter((n) => n.role !== 'proxy');
    const settings = engineSettings(next, changed);
    const applied: NodeRow[] = [];
    try {
      for (const n of nodes) {
        for (const [k, v] of settings) {
          const r = await this.sup.call(inst, n, 'CONFIG', 'SET', k, v);
          if (r instanceof RespError) {
            const param = paramsFor(inst.cache_mode).find((p) => p.engine === k && changed.has(p.name))?.name ?? k;
            throw dcs('INVALID_CONFIG_VALUE', param);
          }
        }
        applied.push(n);
      }
    } catch (err) {
      const back = engineSettings(inst, changed);
      for (const n of [...applied, ...nodes.filter((x) => !applied.includes(x))]) {
        for (const [k, v] of back) await this.sup.call(inst, n, 'CONFIG', 'SET', k, v).catch(() => undefined);
      }
      this.repo.updateInstance(inst.id, { config_status: 'FAILURE' });
      this.release(inst.id);
      if (err instanceof Error && err.name === 'DcsError') throw err;
      throw dcs('INVALID_CONFIG_VALUE', [...changed][0] ?? '');
    }
    this.repo.updateInstance(inst.id, { config, config_status: 'SUCCESS', config_time: Date.now() });
    this.tasks.record(project, inst.id, 'ModifyConfig', true, { updated_config_length: changed.size }, null);
    this.release(inst.id);
  }

  // --- passwords ------------------------------------------------------------------------

  private lockLeftMinutes(inst: InstanceRow, now: number): number {
    return Math.max(0, Math.ceil((inst.pwd_locked_until - now) / 60_000));
  }

  async changePassword(project: string, id: string, oldPw: string, newPw: string): Promise<PasswordResult> {
    const inst = this.instance(project, id);
    this.checkIdle(inst);
    if (inst.no_password_access || inst.password === null) throw dcs('PASSWORD_FREE');
    const now = Date.now();
    if (inst.pwd_locked_until > now) {
      return {
        lock_time: String(PASSWORD_LOCK_MINUTES),
        result: 'locked',
        lock_time_left: String(this.lockLeftMinutes(inst, now)),
        retry_times_left: '0',
        message: 'The password has been entered incorrectly too many times; the instance password is locked.',
      };
    }
    let retries = inst.pwd_locked_until !== 0 ? PASSWORD_RETRIES : inst.pwd_retry_left;
    if (!passwordOk(newPw) || sameSecret(newPw, oldPw)) throw dcs('PASSWORD_COMPLEXITY');
    if (!sameSecret(oldPw, inst.password)) {
      retries = Math.max(0, retries - 1);
      const lockedUntil = retries === 0 ? now + PASSWORD_LOCK_MINUTES * 60_000 : 0;
      this.repo.updateInstance(inst.id, { pwd_retry_left: retries === 0 ? PASSWORD_RETRIES : retries, pwd_locked_until: lockedUntil });
      this.tasks.record(project, inst.id, 'modify', false, {}, 'verify password failed.');
      return {
        lock_time: retries === 0 ? String(PASSWORD_LOCK_MINUTES) : '0',
        result: 'passwordFailed',
        lock_time_left: retries === 0 ? String(PASSWORD_LOCK_MINUTES) : '0',
        retry_times_left: String(retries),
        message: 'verify password failed.',
      };
    }
    this.acquire(inst.id, 'password');
    try {
      await this.applyPassword(inst, newPw);
    } catch (err) {
      this.log.warn(`instance ${inst.id}: password change failed: ${errText(err)}`);
      this.tasks.record(project, inst.id, 'modify', false, {}, 'failed to apply the password to the instance nodes');
      return { lock_time: '0', result: 'failed', lock_time_left: '0', retry_times_left: String(retries), message: 'Modify DCSInstance password failed.' };
    } finally {
      this.release(inst.id);
    }
    this.repo.updateInstance(inst.id, { password: newPw, no_password_access: false, pwd_retry_left: PASSWORD_RETRIES, pwd_locked_until: 0 });
    this.tasks.record(project, inst.id, 'modify', true);
    return { lock_time: '0', result: 'success', lock_time_left: '0', retry_times_left: String(PASSWORD_RETRIES), message: 'Modify DCSInstance password success.' };
  }

  /** CONFIG SET requirepass on every node (empty: password-free). */
  private async applyPassword(inst: InstanceRow, pw: string): Promise<void> {
    for (const n of this.repo.nodesOf(inst.id)) {
      if (n.role === 'proxy') continue;
      await this.exec(inst, n, 'CONFIG', 'SET', 'requirepass', pw);
    }
  }

  async resetPassword(project: string, id: string, newPw: string | undefined, noPassword: boolean | undefined): Promise<PasswordResult> {
    const inst = this.instance(project, id);
    this.checkIdle(inst);
    const free = noPassword === true;
    if (free && newPw !== undefined && newPw !== '') throw dcs('NEW_PASSWORD_NOT_ALLOWED');
    if (!free) {
      if (newPw === undefined || newPw === '') throw dcs('INVALID_PASSWORD');
      if (!passwordOk(newPw)) throw dcs('PASSWORD_COMPLEXITY');
    }
    this.acquire(inst.id, 'password');
    try {
      await this.applyPassword(inst, free ? '' : (newPw ?? ''));
    } catch (err) {
      this.log.warn(`instance ${inst.id}: password reset failed: ${errText(err)}`);
      throw dcs('INTERNAL');
    } finally {
      this.release(inst.id);
    }
    this.repo.updateInstance(inst.id, {
      password: free ? null : (newPw ?? null),
      no_password_access: free,
      pwd_retry_left: PASSWORD_RETRIES,
      pwd_locked_until: 0,
    });
    this.tasks.record(project, inst.id, 'ResetPassword', true, { no_password_access: free });
    return {
      lock_time: '0',
      result: 'success',
      lock_time_left: '0',
      retry_times_left: String(PASSWORD_RETRIES),
      message: 'Reset DCSInstance password success.',
    };
  }

  // --- backups -------------------------------------------------------------------------

  createBackup(project: string, id: string, remark: string, format: 'rdb' | 'aof'): string {
    const inst = this.instance(project, id);
    this.checkIdle(inst);
    if (format === 'aof') throw dcs('INVALID_PARAM', 'backup_format');
    const now = Date.now();
    const backupId = randomUUID();
    this.repo.insertBackup({
      id: backupId,
      project_id: project,
      instance_id: inst.id,
      name: `backup_${compactTime(now)}`,
      remark,
      backup_type: 'manual',
      backup_format: format,
      status: 'waiting',
      progress: '0.00',
      size: 0,
      error_code: null,
      is_support_restore: 'FALSE',
      files: [],
      task_id: null,
      created_at: now,
      updated_at: now,
      execution_at: now,
    });
    this.acquire(inst.id, 'backup');
    this.spawnOp(() => this.runBackup(inst, backupId));
    return backupId;
  }

  /** Triggers BGSAVE (SAVE when BGSAVE is missing) and waits for it; returns the RDB file path. */
  private async snapshot(inst: InstanceRow, node: NodeRow): Promise<string> {
    const dirReply = await this.sup.call(inst, node, 'CONFIG', 'GET', 'dir');
    const fileReply = await this.sup.call(inst, node, 'CONFIG', 'GET', 'dbfilename');
    const dir = Array.isArray(dirReply) && typeof dirReply[1] === 'string' && dirReply[1] !== '' ? dirReply[1] : node.dir;
    const name = Array.isArray(fileReply) && typeof fileReply[1] === 'string' && fileReply[1] !== '' ? fileReply[1] : 'dump.rdb';
    const file = path.resolve(node.dir, dir, name);
    const persistence = async (): Promise<Map<string, string>> => {
      const r = await this.sup.call(inst, node, 'INFO', 'persistence');
      return typeof r === 'string' ? parseInfo(r) : new Map<string, string>();
    };
    const before = await persistence();
    const t0 = Date.now();
    let r = await this.sup.call(inst, node, 'BGSAVE');
    for (let i = 0; i < 100 && r instanceof RespError && /in progress/i.test(r.message); i++) {
      await sleep(100);
      r = await this.sup.call(inst, node, 'BGSAVE');
    }
    if (r instanceof RespError) {
      if (!/unknown command/i.test(r.message)) throw new StepError(`BGSAVE: ${r.message}`, 'dcs.08.0001');
      const s = await this.sup.call(inst, node, 'SAVE');
      if (s instanceof RespError) throw new StepError('the engine cannot write RDB snapshots yet (no BGSAVE or SAVE)', 'dcs.08.0001');
      if (!existsSync(file)) throw new StepError(`SAVE did not write ${name}`, 'dcs.08.0006');
      return file;
    }
    const deadline = Date.now() + 10 * 60_000;
    let sawRunning = false;
    while (Date.now() < deadline) {
      await sleep(50);
      const now = await persistence();
      if (now.get('rdb_bgsave_in_progress') === '1') {
        sawRunning = true;
        continue;
      }
      const fresh =
        sawRunning ||
        (now.get('rdb_saves') !== undefined && now.get('rdb_saves') !== before.get('rdb_saves')) ||
        (now.get('rdb_last_save_time') !== undefined && now.get('rdb_last_save_time') !== before.get('rdb_last_save_time')) ||
        (existsSync(file) && statSync(file).mtimeMs >= t0 - 5);
      if (!fresh) continue;
      if (now.get('rdb_last_bgsave_status') === 'err') throw new StepError('BGSAVE failed (rdb_last_bgsave_status:err)', 'dcs.08.0001');
      if (!existsSync(file)) throw new StepError(`BGSAVE did not write ${name}`, 'dcs.08.0006');
      return file;
    }
    throw new StepError('BGSAVE did not finish in time', 'dcs.08.0002');
  }

  private async runBackup(inst: InstanceRow, backupId: string): Promise<void> {
    const task = this.tasks.start(inst.project_id, inst.id, 'BackupInstance', ['Pre-check.', 'Take RDB snapshots (BGSAVE).', 'Copy the snapshots.', 'Verify the backup files.'], { backup_id: backupId });
    this.repo.updateBackup(backupId, { status: 'backuping', task_id: task.id, progress: '0.00' });
    const dest = path.join(this.backupsDir, inst.id, backupId);
    try {
      await task.step(0, () => undefined);
      const masters = this.masters(inst.id);
      if (masters.length === 0) throw new StepError('the instance has no master node', 'dcs.08.0001');
      const snaps = await task.step(1, async () => {
        const out: { node: NodeRow; file: string }[] = [];
        for (const n of masters) out.push({ node: n, file: await this.snapshot(inst, n) });
        return out;
      });
      this.repo.updateBackup(backupId, { progress: '50.00' });
      const stamp = compactTime(Date.now());
      const files = await task.step(2, () => {
        mkdirSync(dest, { recursive: true, mode: 0o700 });
        const out: BackupFile[] = [];
        for (const s of snaps) {
          const slots = `${s.node.slot_start ?? 0}-${s.node.slot_end ?? 16383}`;
          const fileName = `redis_${this.sup.host}_${s.node.port}_${slots}_${stamp}.rdb`;
          const target = path.join(dest, fileName);
          copyFileSync(s.file, `${target}.tmp`);
          renameSync(`${target}.tmp`, target);
          out.push({ file_name: fileName, node_id: s.node.id, size: statSync(target).size });
        }
        return out;
      });
      this.repo.updateBackup(backupId, { progress: '80.00' });
      await task.step(3, async () => {
        for (const f of files) {
          const check = await verifyRdb(path.join(dest, f.file_name));
          if (!check.ok) throw new StepError(`${f.file_name}: ${check.error ?? 'not a valid RDB file'}`, 'dcs.08.0006');
        }
      });
      const size = files.reduce((a, f) => a + f.size, 0);
      this.repo.updateBackup(backupId, { status: 'succeed', progress: '100.00', size, files, is_support_restore: 'TRUE' });
      task.succeed();
      this.log.info(`instance ${inst.id}: backup ${backupId} succeeded (${size} bytes)`);
    } catch (err) {
      const code = err instanceof StepError ? err.errorCode : 'dcs.08.0001';
      rmSync(dest, { recursive: true, force: true });
      this.repo.updateBackup(backupId, { status: 'failed', error_code: code, is_support_restore: 'FALSE' });
      task.fail(errText(err), code);
      this.log.warn(`instance ${inst.id}: backup ${backupId} failed: ${errText(err)}`);
    } finally {
      this.release(inst.id);
    }
  }

  backupFile(instanceId: string, backupId: string, fileName: string): string {
    return path.join(this.backupsDir, instanceId, backupId, fileName);
  }

  deleteBackup(project: string, id: string, backupId: string): void {
    this.instance(project, id);
    const b = this.repo.getBackup(project, id, backupId);
    if (b === null || b.status === 'deleted') throw dcs('INVALID_PARAM', 'backup_id');
    if (b.status === 'waiting' || b.status === 'backuping') throw dcs('TASK_STATE');
    if (this.busy.get(id) === 'restore') throw dcs('RESTORING');
    try {
      rmSync(path.join(this.backupsDir, id, backupId), { recursive: true, force: true });
    } catch {
      throw dcs('DELETE_BACKUP_FAILED');
    }
    this.repo.updateBackup(backupId, { status: 'deleted', is_support_restore: 'FALSE' });
  }

  // --- restores ------------------------------------------------------------------------

  createRestore(project: string, id: string, backupId: string, remark: string): string {
    const inst = this.instance(project, id);
    this.checkIdle(inst);
    const b = this.repo.getBackup(project, id, backupId);
    if (b === null) throw dcs('INVALID_PARAM', 'backup_id');
    if (b.status !== 'succeed' || b.is_support_restore !== 'TRUE') throw dcs('BACKUP_NOT_SUCCEEDED');
    const masters = this.masters(id);
    if (b.files.length !== masters.length) throw dcs('BACKUP_NOT_SUCCEEDED');
    const now = Date.now();
    const restoreId = randomUUID();
    this.repo.insertRestore({
      id: restoreId,
      project_id: project,
      instance_id: id,
      backup_id: backupId,
      name: `restore_${compactTime(now)}`,
      remark,
      status: 'waiting',
      progress: '0.00',
      error_code: null,
      task_id: null,
      created_at: now,
      updated_at: now,
    });
    this.acquire(id, 'restore');
    this.setStatus(id, 'RESTORING');
    this.spawnOp(() => this.runRestore(inst, b.files, backupId, restoreId));
    return restoreId;
  }

  private async runRestore(inst: InstanceRow, files: BackupFile[], backupId: string, restoreId: string): Promise<void> {
    const task = this.tasks.start(
      inst.project_id,
      inst.id,
      'RestoreInstance',
      ['Pre-check.', 'Verify the backup files.', 'Stop the instance nodes.', 'Put the backup files in place.', 'Start the instance nodes.', 'Health check.'],
      { backup_id: backupId, restore_id: restoreId },
    );
    this.repo.updateRestore(restoreId, { status: 'restoring', task_id: task.id });
    this.repo.updateInstance(inst.id, { service_task_id: task.id });
    const masters = this.masters(inst.id);
    const nodes = this.repo.nodesOf(inst.id);
    for (const n of nodes) this.sup.suspend(n.id);
    const pairs = masters.map((n, i) => ({ node: n, file: files.find((f) => f.node_id === n.id) ?? files[i] }));
    try {
      await task.step(0, () => undefined);
      await task.step(1, async () => {
        for (const p of pairs) {
          if (p.file === undefined) throw new StepError('the backup has no file for a node', 'dcs.08.0007');
          const check = await verifyRdb(this.backupFile(inst.id, backupId, p.file.file_name));
          if (!check.ok) throw new StepError(`${p.file.file_name}: ${check.error ?? 'invalid'}`, 'dcs.08.0007');
        }
      });
      this.repo.updateRestore(restoreId, { progress: '30.00' });
      await task.step(2, async () => {
        for (const n of nodes) await this.sup.stop(inst, n, { save: false });
      });
      await task.step(3, () => {
        for (const p of pairs) {
          if (p.file === undefined) continue;
          const target = path.join(p.node.dir, 'dump.rdb');
          copyFileSync(this.backupFile(inst.id, backupId, p.file.file_name), `${target}.restore`);
          renameSync(`${target}.restore`, target);
        }
      });
      this.repo.updateRestore(restoreId, { progress: '60.00' });
      const cur = this.repo.getInstanceById(inst.id) ?? inst;
      await task.step(4, async () => {
        for (const n of this.repo.nodesOf(inst.id)) await this.sup.start(cur, n);
      });
      await task.step(5, async () => {
        for (const n of this.repo.nodesOf(inst.id)) await this.exec(cur, n, 'PING');
      });
      this.repo.updateRestore(restoreId, { status: 'succeed', progress: '100.00' });
      this.setStatus(inst.id, 'RUNNING', { service_task_id: null });
      task.succeed();
      this.log.info(`instance ${inst.id}: restored from backup ${backupId}`);
    } catch (err) {
      const code = err instanceof StepError ? err.errorCode : 'dcs.08.0007';
      this.repo.updateRestore(restoreId, { status: 'failed', error_code: code });
      task.fail(errText(err), code);
      this.log.warn(`instance ${inst.id}: restore ${restoreId} failed: ${errText(err)}`);
      // make sure the nodes run again (with whatever data they have)
      const cur = this.repo.getInstanceById(inst.id) ?? inst;
      let ok = true;
      for (const n of this.repo.nodesOf(inst.id)) {
        try {
          await this.sup.start(cur, n);
        } catch {
          ok = false;
        }
      }
      this.setStatus(inst.id, ok ? 'RUNNING' : 'ERROR', { service_task_id: null });
    } finally {
      for (const n of nodes) this.sup.resume(n.id);
      this.release(inst.id);
    }
  }

  // --- supervisor events -----------------------------------------------------------------

  nodeDown(inst: InstanceRow, node: NodeRow, why: string): void {
    const task = this.tasks.start(inst.project_id, inst.id, 'RecoverNode', ['Detect the node failure.', 'Restart the node.'], {
      node_name: `${node.group_name}/${node.role}`,
      node_id: node.id,
    });
    void task.step(0, () => undefined, why);
    this.recoveries.set(node.id, task);
    if (!this.busy.has(inst.id) && inst.status === 'RUNNING') this.setStatus(inst.id, 'ERROR');
  }

  nodeRecovered(inst: InstanceRow, node: NodeRow, attempts: number): void {
    const task = this.recoveries.get(node.id);
    this.recoveries.delete(node.id);
    if (task !== undefined) {
      task.detail({ restart_attempts: attempts });
      task.succeed();
    }
    const cur = this.repo.getInstanceById(inst.id);
    if (cur !== null && cur.status === 'ERROR' && !this.busy.has(inst.id)) {
      const allUp = this.repo.nodesOf(inst.id).every((n) => n.desired !== 'running' || this.sup.isRunning(n.id));
      if (allUp) this.setStatus(inst.id, 'RUNNING');
    }
  }

  nodeRecoveryFailing(inst: InstanceRow, node: NodeRow, why: string): void {
    this.recoveries.get(node.id)?.detail({ last_error: why });
  }

  // --- start-up -------------------------------------------------------------------------

  /** Re-adopts or restarts every live instance's nodes after a (re)start of dcs-control. */
  async recoverAll(): Promise<void> {
    const reason = 'interrupted: dcs-control stopped while the task was running';
    const failed = this.tasks.failInterrupted(reason);
    if (failed > 0) this.log.warn(`${failed} background task(s) were interrupted by the previous stop`);
    for (const b of this.repo.backupsInProgress()) {
      this.repo.updateBackup(b.id, { status: 'failed', error_code: 'dcs.08.0002' });
      rmSync(path.join(this.backupsDir, b.instance_id, b.id), { recursive: true, force: true });
    }
    for (const r of this.repo.restoresInProgress()) this.repo.updateRestore(r.id, { status: 'failed', error_code: 'dcs.08.0007' });

    const insts = this.repo.liveInstances().filter((i) => i.status !== 'CREATEFAILED');
    const queue = [...insts];
    const worker = async (): Promise<void> => {
      for (let inst = queue.shift(); inst !== undefined; inst = queue.shift()) await this.recoverOne(inst);
    };
    await Promise.all([worker(), worker(), worker()]);
  }

  private async recoverOne(inst: InstanceRow): Promise<void> {
    const nodes = this.repo.nodesOf(inst.id);
    let ok = true;
    let adopted = 0;
    for (const n of nodes) {
      if (n.desired !== 'running') continue;
      this.sup.suspend(n.id);
      try {
        if ((await this.sup.adoptOrStart(inst, n)) === 'adopted') adopted++;
      } catch (err) {
        ok = false;
        this.log.warn(`instance ${inst.id}: node ${n.id} could not be started: ${errText(err)}`);
      } finally {
        this.sup.resume(n.id);
      }
    }
    if (inst.status === 'CREATING') {
      this.setStatus(inst.id, ok ? 'RUNNING' : 'CREATEFAILED', ok ? { launched_at: Date.now() } : { fail_reason: 'dcs-control stopped during the creation' });
    } else {
      this.setStatus(inst.id, ok ? 'RUNNING' : 'ERROR', { service_task_id: null });
    }
    this.log.info(`instance ${inst.id} (${inst.name}): ${adopted} node(s) re-adopted, ${nodes.length - adopted} started${ok ? '' : ' (with failures)'}`);
  }

  /**
   * On the first start of a data directory: creates the default single-node instance (password-
   * free, 1 GB) on the preferred port or the next free one. Returns it once RUNNING, or null.
   */
  async createDefaultInstance(): Promise<InstanceRow | null> {
    if (this.repo.getMeta('first_start') !== null) return null;
    this.repo.setMeta('first_start', new Date().toISOString());
    if (!this.opts.defaultInstance || this.repo.countInstances() > 0) return null;
    const fam = hostCpuType() === 'aarch64' ? 'au1' : 'xu1';
    const [created] = await this.create(this.opts.defaultProject, {
      name: 'dcs-default',
      engine: 'Redis',
      engine_version: '6.0',
      capacity: 1,
      spec_code: `redis.single.${fam}.large.1`,
      az_codes: [ZONES[0]?.code ?? 'local-az1'],
      vpc_id: 'local-vpc',
      subnet_id: 'local-subnet',
      instance_num: 1,
      no_password_access: true,
      port: this.opts.defaultInstancePort,
      description: 'Default instance created by dcs-control on its first start.',
    });
    if (created === undefined) return null;
    await this.settle();
    return this.repo.getInstanceById(created.instance_id);
  }
}


