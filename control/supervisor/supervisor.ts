/**
 * control/supervisor/supervisor.ts — keeps every node of every live instance running.
 *
 * Owns: the map node id -> EngineProcess, starting/stopping/adopting nodes, the health loop (every
 * `healthIntervalMs`: is the process alive, does it answer INFO; the INFO fields the API reports
 * are cached per node), and crash recovery: a node that dies or stops answering while it should
 * run is restarted with exponential back-off (0.5 s doubling to 30 s), and the events are reported
 * to the owner (who records them as background tasks and moves the instance to ERROR and back).
 *
 * Invariants: main thread only. A node an operation is handling is `suspended`: the health loop
 * leaves it alone until resume(). Engine admin connections authenticate with the instance
 * password, which is never logged.
 */

import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { InstanceRow, NodeRow, Repo } from '../db/repo.ts';
import { engineSettings } from '../catalogue/config-params.ts';
import type { Logger } from '../log.ts';
import { scrub } from '../log.ts';
import { EngineProcess, confPath, pidAlive, pidRunsConf, type NodeLaunch } from './engine-process.ts';
import { oneShot, parseInfo, type Reply } from './resp.ts';
import { waitPortFree } from './ports.ts';

export interface NodeStats {
  at: number;
  used_memory: number;
  keys: number;
  input_kbps: string;
  output_kbps: string;
  cmd_get: number;
  cmd_set: number;
  used_cpu: string;
  clients: number;
}

export interface SupervisorEvents {
  /** a node that should run is down; recovery starts */
  nodeDown(inst: InstanceRow, node: NodeRow, why: string): void;
  /** the node runs again after `attempts` restarts */
  nodeRecovered(inst: InstanceRow, node: NodeRow, attempts: number): void;
  /** recovery keeps failing (reported once, after 5 attempts; retries go on) */
  nodeRecoveryFailing(inst: InstanceRow, node: NodeRow, why: string): void;
}

export interface SupervisorOptions {
  bind: string;
  host: string;
  shards: number;
  healthIntervalMs: number;
  readyTimeoutMs?: number;
  launcher?: string;
}

/** `<dir>/dcs-engine.pid`: the node's engine pid while dcs-control knows it runs (for operators and tests). */
function writePidFile(dir: string, pid: number): void {
  try {
    writeFileSync(path.join(dir, 'dcs-engine.pid'), `${pid}\n`);
  } catch {
    /* informational only */
  }
}

function removePidFile(dir: string): void {
  rmSync(path.join(dir, 'dcs-engine.pid'), { force: true });
}

function isLoopbackAddr(a: string): boolean {
  return a === '::1' || a === 'localhost' || a.startsWith('127.');
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function errText(err: unknown): string {
  return scrub(err instanceof Error ? err.message : String(err));
}

export class Supervisor {
  private readonly repo: Repo;
  private readonly opts: SupervisorOptions;
  private readonly log: Logger;
  private events: SupervisorEvents | null = null;
  private readonly procs = new Map<string, EngineProcess>();
  private readonly suspended = new Map<string, number>();
  private readonly recovering = new Set<string>();
  private readonly failedChecks = new Map<string, number>();
  private readonly stats = new Map<string, NodeStats>();
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;
  private closing = false;

  constructor(repo: Repo, opts: SupervisorOptions, log: Logger) {
    this.repo = repo;
    this.opts = opts;
    this.log = log;
  }

  setEvents(events: SupervisorEvents): void {
    this.events = events;
  }

  get host(): string {
    return this.opts.host;
  }

  launchOf(inst: InstanceRow, node: NodeRow): NodeLaunch {
    return {
      port: node.port,
      bind: this.opts.bind,
      host: this.connectHost(),
      dir: node.dir,
      password: inst.no_password_access ? null : inst.password,
      shards: this.opts.shards,
      // bound beyond loopback on purpose (a container publishing the ports): protected mode would
      // refuse password-free instances to every client
      settings: isLoopbackAddr(this.opts.bind) ? engineSettings(inst) : [...engineSettings(inst), ['protected-mode', 'no']],
    };
  }

  private connectHost(): string {
    const b = this.opts.bind;
    return b === '0.0.0.0' ? '127.0.0.1' : b === '::' ? '::1' : b;
  }

  // --- suspension (operations in progress) ----------------------------------

  suspend(nodeId: string): void {
    this.suspended.set(nodeId, (this.suspended.get(nodeId) ?? 0) + 1);
  }

  resume(nodeId: string): void {
    const n = (this.suspended.get(nodeId) ?? 1) - 1;
    if (n <= 0) this.suspended.delete(nodeId);
    else this.suspended.set(nodeId, n);
  }

  // --- lifecycle --------------------------------------------------------------

  isRunning(nodeId: string): boolean {
    return this.procs.get(nodeId)?.alive() ?? false;
  }

  pidOf(nodeId: string): number | null {
    const p = this.procs.get(nodeId);
    return p !== undefined && p.alive() ? p.pid : null;
  }

  /** Starts the node's engine (rewriting its config file) and waits until it is ready. */
  async start(inst: InstanceRow, node: NodeRow): Promise<void> {
    const existing = this.procs.get(node.id);
    if (existing !== undefined && existing.alive()) return;
    const launch = this.launchOf(inst, node);
    const proc = EngineProcess.spawn(launch, this.opts.launcher);
    this.procs.set(node.id, proc);
    writePidFile(node.dir, proc.pid);
    this.repo.updateNode(node.id, { pid: proc.pid, status: node.status === 'Creating' ? 'Creating' : node.status });
    this.log.info(`node ${node.id} of instance ${inst.id}: dcs-engine pid ${proc.pid} starting on port ${node.port}`);
    try {
      await proc.waitReady(launch.host, launch.port, launch.password, this.opts.readyTimeoutMs ?? 20_000);
    } catch (err) {
      proc.kill();
      await Promise.race([proc.exited, sleep(3000)]);
      this.procs.delete(node.id);
      this.repo.updateNode(node.id, { pid: null, status: 'Inactive' });
      throw new Error(errText(err));
    }
    this.repo.updateNode(node.id, { pid: proc.pid, status: 'Active' });
    this.failedChecks.delete(node.id);
    void proc.exited.then(() => this.onExit(node.id, proc));
  }

  /**
   * Re-adopts a node left running by an earlier dcs-control (same pid, same config file, answering
   * with the instance password); returns false when it is not running.
   */
  async adopt(inst: InstanceRow, node: NodeRow): Promise<boolean> {
    if (node.pid === null || !pidAlive(node.pid) || !pidRunsConf(node.pid, confPath(node.dir))) return false;
    const proc = EngineProcess.adopt(node.pid);
    const launch = this.launchOf(inst, node);
    try {
      await proc.waitReady(launch.host, launch.port, launch.password, 3000);
    } catch {
      return false;
    }
    this.procs.set(node.id, proc);
    this.repo.updateNode(node.id, { status: 'Active' });
    this.log.info(`node ${node.id} of instance ${inst.id}: re-adopted dcs-engine pid ${proc.pid} on port ${node.port}`);
    void proc.exited.then(() => this.onExit(node.id, proc));
    return true;
  }

  /** Adopts the node when it still runs, else starts it. */
  async adoptOrStart(inst: InstanceRow, node: NodeRow): Promise<'adopted' | 'started'> {
    if (await this.adopt(inst, node)) return 'adopted';
    await this.start(inst, node);
    return 'started';
  }

  /**
   * Stops the node. With `save`, asks it to write its RDB snapshot first (SAVE; ignored when the
   * engine lacks it). Waits until the port is free again.
   */
  async stop(inst: InstanceRow, node: NodeRow, o: { save: boolean; graceMs?: number }): Promise<void> {
    let proc = this.procs.get(node.id);
    if (proc === undefined && node.pid !== null && pidAlive(node.pid) && pidRunsConf(node.pid, confPath(node.dir))) {
      proc = EngineProcess.adopt(node.pid);
    }
    this.suspend(node.id);
    try {
      if (proc !== undefined && proc.alive()) {
        if (o.save) {
          try {
            await this.call(inst, node, 'SAVE');
          } catch {
            /* best effort */
          }
        }
        await proc.stop(o.graceMs ?? 10_000);
        this.log.info(`node ${node.id} of instance ${inst.id}: dcs-engine pid ${proc.pid} stopped`);
      }
      this.procs.delete(node.id);
      this.stats.delete(node.id);
      removePidFile(node.dir);
      this.repo.updateNode(node.id, { pid: null, status: 'Inactive' });
      await waitPortFree(node.port, this.opts.bind, 3000);
    } finally {
      this.resume(node.id);
    }
  }

  private onExit(nodeId: string, proc: EngineProcess): void {
    if (this.procs.get(nodeId) !== proc) return;
    this.procs.delete(nodeId);
    this.stats.delete(nodeId);
    if (this.closing || this.suspended.has(nodeId)) return;
    const node = this.findNode(nodeId);
    if (node === null) return;
    const inst = this.repo.getInstanceById(node.inst);
    if (inst === null || inst.deleted_at !== null) return;
    void this.recover(inst, node.row, `dcs-engine pid ${proc.pid} exited (${proc.exitDescription})`);
  }

  private findNode(nodeId: string): { inst: string; row: NodeRow } | null {
    for (const inst of this.repo.liveInstances()) {
      const row = this.repo.nodesOf(inst.id).find((n) => n.id === nodeId);
      if (row !== undefined) return { inst: inst.id, row };
    }
    return null;
  }

  /** Restarts a node that went down, with back-off, until it runs or is no longer wanted. */
  private async recover(inst: InstanceRow, node: NodeRow, why: string): Promise<void> {
    if (this.recovering.has(node.id)) return;
    this.recovering.add(node.id);
    this.log.warn(`node ${node.id} of instance ${inst.id} is down: ${why}; restarting it`);
    this.repo.updateNode(node.id, { status: 'Inactive', pid: null });
    this.events?.nodeDown(inst, node, why);
    let delay = 500;
    let attempts = 0;
    try {
      for (;;) {
        await sleep(delay);
        if (this.closing || this.suspended.has(node.id)) return;
        const cur = this.repo.getInstanceById(inst.id);
        const row = cur === null ? undefined : this.repo.nodesOf(cur.id).find((n) => n.id === node.id);
        if (cur === null || cur.deleted_at !== null || row === undefined || row.desired !== 'running') return;
        attempts++;
        try {
          await this.start(cur, row);
          this.repo.updateNode(row.id, { restarts: row.restarts + 1 });
          this.log.info(`node ${node.id} of instance ${inst.id} recovered after ${attempts} attempt(s)`);
          this.events?.nodeRecovered(cur, row, attempts);
          return;
        } catch (err) {
          this.log.warn(`node ${node.id} of instance ${inst.id}: restart attempt ${attempts} failed: ${errText(err)}`);
          if (attempts === 5) this.events?.nodeRecoveryFailing(cur, row, errText(err));
        }
        delay = Math.min(delay * 2, 30_000);
      }
    } finally {
      this.recovering.delete(node.id);
    }
  }

  // --- commands ---------------------------------------------------------------

  /** One command on a fresh admin connection to the node. */
  call(inst: InstanceRow, node: NodeRow, ...args: string[]): Promise<Reply> {
    return oneShot(
      { host: this.connectHost(), port: node.port, password: inst.no_password_access ? null : inst.password, timeoutMs: 10_000 },
      ...args,
    );
  }

  statsOf(nodeId: string): NodeStats | undefined {
    return this.stats.get(nodeId);
  }

  /** Collects the INFO fields the API reports. */
  async collect(inst: InstanceRow, node: NodeRow): Promise<NodeStats> {
    const r = await this.call(inst, node, 'INFO', 'everything');
    if (typeof r !== 'string') throw new Error('INFO did not answer a bulk string');
    const info = parseInfo(r);
    let keys = 0;
    for (const [k, v] of info) {
      if (/^db\d+$/.test(k)) keys += Number(/keys=(\d+)/.exec(v)?.[1] ?? '0');
    }
    const calls = (name: string): number => Number(/calls=(\d+)/.exec(info.get(`cmdstat_${name}`) ?? '')?.[1] ?? '0');
    const cpu = Number(info.get('used_cpu_sys') ?? '0') + Number(info.get('used_cpu_user') ?? '0');
    const s: NodeStats = {
      at: Date.now(),
      used_memory: Number(info.get('used_memory') ?? '0'),
      keys,
      input_kbps: info.get('instantaneous_input_kbps') ?? '0.0',
      output_kbps: info.get('instantaneous_output_kbps') ?? '0.0',
      cmd_get: calls('get'),
      cmd_set: calls('set'),
      used_cpu: cpu.toFixed(2),
      clients: Number(info.get('connected_clients') ?? '0'),
    };
    this.stats.set(node.id, s);
    return s;
  }

  // --- health loop ------------------------------------------------------------

  startHealth(): void {
    if (this.timer !== null) return;
    this.timer = setInterval(() => void this.tick(), this.opts.healthIntervalMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.ticking || this.closing) return;
    this.ticking = true;
    try {
      for (const inst of this.repo.liveInstances()) {
        if (inst.status === 'CREATING' || inst.status === 'CREATEFAILED') continue;
        for (const node of this.repo.nodesOf(inst.id)) {
          if (node.desired !== 'running' || this.suspended.has(node.id) || this.recovering.has(node.id)) continue;
          const proc = this.procs.get(node.id);
          if (proc === undefined || !proc.alive()) {
            if (proc !== undefined) this.procs.delete(node.id);
            void this.recover(inst, node, proc === undefined ? 'not running' : `dcs-engine pid ${proc.pid} is gone`);
            continue;
          }
          try {
            await this.collect(inst, node);
            this.failedChecks.delete(node.id);
          } catch (err) {
            const n = (this.failedChecks.get(node.id) ?? 0) + 1;
            this.failedChecks.set(node.id, n);
            this.log.debug(`node ${node.id}: health check failed (${n}): ${errText(err)}`);
            if (n >= 10 && !this.suspended.has(node.id)) {
              this.failedChecks.delete(node.id);
              this.log.warn(`node ${node.id} of instance ${inst.id} has not answered 10 health checks; killing it`);
              proc.kill();
            }
          }
        }
      }
    } catch (err) {
      this.log.error(`health check loop: ${errText(err)}`);
    } finally {
      this.ticking = false;
    }
  }

  /**
   * Stops supervising. Unless `keep`, every node is saved (SAVE) and stopped; with `keep` the
   * engines go on running and the next dcs-control re-adopts them.
   */
  async shutdown(keep: boolean): Promise<void> {
    this.closing = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    if (keep) return;
    const jobs: Promise<void>[] = [];
    for (const inst of this.repo.liveInstances()) {
      for (const node of this.repo.nodesOf(inst.id)) {
        if (!this.procs.has(node.id)) continue;
        jobs.push(
          this.stop(inst, node, { save: true }).catch((err: unknown) => {
            this.log.warn(`node ${node.id}: stop failed: ${errText(err)}`);
          }),
        );
      }
    }
    await Promise.all(jobs);
  }
}
