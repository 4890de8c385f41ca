/**
 * One logical database (SELECT n) of one shard: the keys of that shard's slots, their expiry
 * times and the WATCH versions of watched keys.
 *
 * Runs only on the shard's worker thread; nothing else reads or writes it.
 * Invariants:
 * - every key in `expires` is also in `data`;
 * - a key whose expiry time is <= now is logically absent: `lookup` deletes it on sight (lazy
 *   expiry) and the active cycle removes the rest;
 * - every write to a key goes through `set`/`delete`/`setExpire`/`persist` or is followed by
 *   `signalModified(key)` (in-place collection edits), so WATCH and later tracking see it.
 */

import type { Value } from './values.ts';

interface WatchEntry {
  version: number;
  refs: number;
}

/** Observer of writes: the multi-shard scratch executor uses it to know what to write back. */
export interface WriteObserver {
  (key: string): void;
}

export class Db {
  data = new Map<string, Value>();
  expires = new Map<string, number>();
  watched = new Map<string, WatchEntry>();
  observer: WriteObserver | null = null;
  /** persistent iterator for the active expiry cycle */
  private expireIter: Iterator<[string, number]> | null = null;
  /** keys removed by expiry since the stats were last read */
  expiredCount = 0;

  readonly index: number;
  constructor(index: number) {
    this.index = index;
  }

  get size(): number {
    return this.data.size;
  }

  /** The live value of key, deleting it first if it has expired. */
  lookup(key: string, now: number): Value | undefined {
    const v = this.data.get(key);
    if (v === undefined) return undefined;
    if (this.expires.size !== 0) {
      const at = this.expires.get(key);
      if (at !== undefined && at <= now) {
        this.expireKey(key);
        return undefined;
      }
    }
    return v;
  }

  /** True if key exists and is not expired (does not delete). */
  exists(key: string, now: number): boolean {
    return this.lookup(key, now) !== undefined;
  }

  private expireKey(key: string): void {
    this.data.delete(key);
    this.expires.delete(key);
    this.expiredCount++;
    this.signalModified(key);
  }

  /** Sets key to value, dropping any TTL unless keepTtl. */
  set(key: string, value: Value, keepTtl = false): void {
    this.data.set(key, value);
    if (!keepTtl && this.expires.size !== 0) this.expires.delete(key);
    this.signalModified(key);
  }

  delete(key: string): boolean {
    if (!this.data.delete(key)) return false;
    if (this.expires.size !== 0) this.expires.delete(key);
    this.signalModified(key);
    return true;
  }

  getExpire(key: string): number | undefined {
    return this.expires.size === 0 ? undefined : this.expires.get(key);
  }

  setExpire(key: string, at: number): void {
    this.expires.set(key, at);
    this.signalModified(key);
  }

  persist(key: string): boolean {
    if (!this.expires.delete(key)) return false;
    this.signalModified(key);
    return true;
  }

  signalModified(key: string): void {
    if (this.watched.size !== 0) {
      const w = this.watched.get(key);
      if (w !== undefined) w.version++;
    }
    if (this.observer !== null) this.observer(key);
  }

  /** Bumps every watched key that currently exists (FLUSHDB, SWAPDB). */
  touchAllWatched(): void {
    for (const [key, w] of this.watched) if (this.data.has(key)) w.version++;
  }

  watch(key: string): number {
    let w = this.watched.get(key);
    if (w === undefined) {
      w = { version: 0, refs: 0 };
      this.watched.set(key, w);
    }
    w.refs++;
    return w.version;
  }

  unwatch(key: string): void {
    const w = this.watched.get(key);
    if (w === undefined) return;
    if (--w.refs <= 0) this.watched.delete(key);
  }

  watchVersion(key: string): number {
    return this.watched.get(key)?.version ?? -1;
  }

  clear(): void {
    this.touchAllWatched();
    this.data = new Map();
    this.expires = new Map();
    this.expireIter = null;
  }

  /**
   * One step of active expiry, in the spirit of Redis's activeExpireCycle: look at up to
   * `sample` keys with a TTL, continuing where the last step stopped; delete the expired ones.
   * Returns [looked, expired] so the caller can decide whether to go on.
   */
  activeExpireStep(now: number, sample: number): [number, number] {
    if (this.expires.size === 0) {
      this.expireIter = null;
      return [0, 0];
    }
    let it = this.expireIter ?? this.expires.entries();
    let looked = 0;
    let expired = 0;
    let restarted = false;
    while (looked < sample) {
      const r = it.next();
      if (r.done) {
        if (restarted) break;
        restarted = true;
        it = this.expires.entries();
        continue;
      }
      looked++;
      const [key, at] = r.value;
      if (at <= now) {
        this.expireKey(key);
        expired++;
      }
    }
    this.expireIter = it;
    return [looked, expired];
  }
}
