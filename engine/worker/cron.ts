/**
 * The worker's periodic duties, `hz` times a second as in Redis's serverCron: the active expiry
 * cycle over this shard's databases and the idle-client timeout. Runs on each worker thread.
 *
 * Active expiry follows Redis's shape: sample 20 keys with a TTL per database, delete the expired
 * ones, repeat while more than a quarter of the sample was expired, within a time budget of 25% of
 * the cron period.
 */

import { W } from './state.ts';
import { now as clockNow } from './clock.ts';
import { pausedConnections, releasePaused } from './connection.ts';

const SAMPLE = 20;

function activeExpire(): void {
  const shard = W.shard;
  if (!shard.activeExpireEnabled || shard.busy) return;
  const hz = Math.max(1, W.config.int('hz'));
  const budgetMs = 250 / hz;
  const start = performance.now();
  const now = clockNow();
  for (const db of shard.dbs) {
    if (db.expires.size === 0) continue;
    for (;;) {
      const before = db.expiredCount;
      const [looked, expired] = db.activeExpireStep(now, SAMPLE);
      shard.expiredKeys += db.expiredCount - before;
      if (looked === 0 || expired * 4 <= looked) break;
      if (performance.now() - start > budgetMs) return;
    }
  }
}

function closeIdleClients(): void {
  const timeout = W.config.int('timeout');
  if (timeout <= 0) return;
  const limit = Date.now() - timeout * 1000;
  for (const c of W.connections.values()) {
    if (c.inPubSub || c.monitor) continue;
    if (c.lastInteraction < limit) c.close();
  }
}

let ticks = 0;

export function startCron(): void {
  const tick = (): void => {
    ticks++;
    activeExpire();
    if (pausedConnections.size !== 0 && (W.pauseUntil === 0 || Date.now() >= W.pauseUntil)) {
      W.pauseUntil = 0;
      releasePaused();
    }
    if (ticks % 10 === 0) closeIdleClients();
    const hz = Math.max(1, Math.min(500, W.config.int('hz')));
    setTimeout(tick, 1000 / hz).unref();
  };
  setTimeout(tick, 100).unref();
}
