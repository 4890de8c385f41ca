/**
 * control/server.ts — assembling and running one dcs-control: state database, supervisor,
 * operations, the HTTP API.
 *
 * Owns: startControl() — the start-up order (open and migrate the database, re-adopt or restart the
 * instances of an earlier run, start the health loop, listen) — and the matching stop(): stop
 * accepting requests, let running operations finish (10 s at most), then save and stop every engine
 * (or, with `keepInstances`, leave them running for the next dcs-control to re-adopt).
 * Used by main.ts and by in-process tests.
 */

import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ControlOptions } from './options.ts';
import type { Logger } from './log.ts';
import { openDatabase } from './db/repo.ts';
import { Supervisor } from './supervisor/supervisor.ts';
import { PortAllocator } from './supervisor/ports.ts';
import { Tasks } from './tasks/tasks.ts';
import { Operations } from './tasks/operations.ts';
import { LinkSigner } from './backup/links.ts';
import { closeVerifyPool } from './backup/verify-pool.ts';
import { buildApp } from './app.ts';
import type { Ctx } from './context.ts';

export const VERSION = '0.1.0';

export interface RunningControl {
  app: FastifyInstance;
  ctx: Ctx;
  /** http://host:port the API listens on */
  address: string;
  stop(): Promise<void>;
}

export async function startControl(opts: ControlOptions, log: Logger): Promise<RunningControl> {
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  try {
    chmodSync(opts.dataDir, 0o700);
  } catch {
    /* not ours to change */
  }
  mkdirSync(path.join(opts.dataDir, 'instances'), { recursive: true, mode: 0o700 });
  mkdirSync(path.join(opts.dataDir, 'backups'), { recursive: true, mode: 0o700 });

  const repo = openDatabase(opts.dataDir);
  const sup = new Supervisor(repo, { bind: opts.instanceBind, host: opts.instanceHost, shards: opts.engineShards, healthIntervalMs: opts.healthIntervalMs }, log);
  const ports = new PortAllocator(opts.portLow, opts.portHigh, opts.instanceBind, () => repo.usedPorts());
  const tasks = new Tasks(repo);
  const ops = new Operations({ repo, sup, tasks, ports, opts, log });
  sup.setEvents(ops);
  const ctx: Ctx = {
    repo,
    sup,
    ops,
    tasks,
    links: new LinkSigner(repo),
    opts,
    log,
    view: { host: opts.instanceHost, stats: (id) => sup.statsOf(id) },
  };

  log.info(`dcs-control ${VERSION} starting: data dir ${opts.dataDir}, instance ports ${opts.portLow}-${opts.portHigh}`);
  await ops.recoverAll();
  sup.startHealth();

  const app = await buildApp(ctx);
  let address: string;
  try {
    address = await app.listen({ host: opts.host, port: opts.port });
  } catch (err) {
    await sup.shutdown(opts.keepInstances);
    repo.close();
    throw err;
  }

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      log.info(`stopping (${opts.keepInstances ? 'instances keep running' : 'saving and stopping the instances'})`);
      await app.close().catch(() => undefined);
      await Promise.race([ops.settle(), new Promise((r) => setTimeout(r, 10_000))]);
      await sup.shutdown(opts.keepInstances);
      await closeVerifyPool().catch(() => undefined);
      repo.close();
      log.info('dcs-control stopped');
    })();
    return stopping;
  };
  return { app, ctx, address, stop };
}
