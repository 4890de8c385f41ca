/**
 * Persistence status shared by every thread: one SharedArrayBuffer of float64 slots, created by
 * the main thread (saver.ts) and handed to each worker in its workerData. The main thread writes
 * the save/load fields; each shard writes only its own `dirty` slot (the number of writes it has
 * applied since start); workers read everything, synchronously, for LASTSAVE and INFO.
 *
 * Invariants: a slot has one writer; float64 slots hold integers below 2^53 (aligned 8-byte
 * stores, read without tearing on the platforms Node supports). rdb_changes_since_last_save is
 * sum(dirty) - dirtyBase, where dirtyBase is the sum of the shards' counters at the snapshot point
 * of the last successful save (Redis's dirty - dirty_before_bgsave).
 *
 * Any thread. The API for the INFO module is `persistenceInfoFields()`.
 */

const LAST_SAVE = 0;
const DIRTY_BASE = 1;
const BGSAVE_IN_PROGRESS = 2;
const LAST_BGSAVE_ERR = 3;
const LAST_BGSAVE_SECS = 4;
const CURRENT_BGSAVE_START = 5;
const RDB_SAVES = 6;
const KEYS_PROCESSED = 7;
const KEYS_TOTAL = 8;
const LOAD_KEYS_LOADED = 9;
const LOAD_KEYS_EXPIRED = 10;
const LOADING = 11;
const LOAD_AT_START = 12;
const LATEST_FORK_USEC = 13;
const FIRST_DIRTY = 16;

export class PersistStatus {
  readonly sab: SharedArrayBuffer;
  readonly f: Float64Array;
  readonly shards: number;

  constructor(sab: SharedArrayBuffer) {
    this.sab = sab;
    this.f = new Float64Array(sab);
    this.shards = this.f.length - FIRST_DIRTY;
  }

  /** A fresh status block for `shards` shards (main thread, before the workers start). */
  static create(shards: number, startTimeMs: number): PersistStatus {
    const s = new PersistStatus(new SharedArrayBuffer((FIRST_DIRTY + shards) * 8));
    s.f[LAST_SAVE] = Math.floor(startTimeMs / 1000);
    s.f[LAST_BGSAVE_SECS] = -1;
    return s;
  }

  get lastSave(): number { return this.f[LAST_SAVE]; }
  set lastSave(v: number) { this.f[LAST_SAVE] = v; }
  get dirtyBase(): number { return this.f[DIRTY_BASE]; }
  set dirtyBase(v: number) { this.f[DIRTY_BASE] = v; }
  get bgsaveInProgress(): boolean { return this.f[BGSAVE_IN_PROGRESS] !== 0; }
  set bgsaveInProgress(v: boolean) { this.f[BGSAVE_IN_PROGRESS] = v ? 1 : 0; }
  get lastBgsaveOk(): boolean { return this.f[LAST_BGSAVE_ERR] === 0; }
  set lastBgsaveOk(v: boolean) { this.f[LAST_BGSAVE_ERR] = v ? 0 : 1; }
  get lastBgsaveSecs(): number { return this.f[LAST_BGSAVE_SECS]; }
  set lastBgsaveSecs(v: number) { this.f[LAST_BGSAVE_SECS] = v; }
  /** epoch ms the running BGSAVE started at, 0 when none */
  get bgsaveStart(): number { return this.f[CURRENT_BGSAVE_START]; }
  set bgsaveStart(v: number) { this.f[CURRENT_BGSAVE_START] = v; }
  get rdbSaves(): number { return this.f[RDB_SAVES]; }
  set rdbSaves(v: number) { this.f[RDB_SAVES] = v; }
  get keysProcessed(): number { return this.f[KEYS_PROCESSED]; }
  set keysProcessed(v: number) { this.f[KEYS_PROCESSED] = v; }
  get keysTotal(): number { return this.f[KEYS_TOTAL]; }
  set keysTotal(v: number) { this.f[KEYS_TOTAL] = v; }
  get loadKeysLoaded(): number { return this.f[LOAD_KEYS_LOADED]; }
  set loadKeysLoaded(v: number) { this.f[LOAD_KEYS_LOADED] = v; }
  get loadKeysExpired(): number { return this.f[LOAD_KEYS_EXPIRED]; }
  set loadKeysExpired(v: number) { this.f[LOAD_KEYS_EXPIRED] = v; }
  get loading(): boolean { return this.f[LOADING] !== 0; }
  set loading(v: boolean) { this.f[LOADING] = v ? 1 : 0; }
  /** set before the workers start when a dump will be loaded: workers wait before listening */
  get loadAtStart(): boolean { return this.f[LOAD_AT_START] !== 0; }
  set loadAtStart(v: boolean) { this.f[LOAD_AT_START] = v ? 1 : 0; }

  /** how long the last snapshot point took (all shards locked), in µs: INFO stats latest_fork_usec */
  get latestForkUsec(): number { return this.f[LATEST_FORK_USEC]; }
  set latestForkUsec(v: number) { this.f[LATEST_FORK_USEC] = v; }

  /** A shard's write counter (Redis's `dirty`, per shard). */
  dirtyOf(shard: number): number {
    return this.f[FIRST_DIRTY + shard];
  }

  /** Counts one write on `shard` (called by that shard only). HOT PATH. */
  addDirty(shard: number, n = 1): void {
    this.f[FIRST_DIRTY + shard] += n;
  }

  dirtyTotal(): number {
    let t = 0;
    for (let s = 0; s < this.shards; s++) t += this.f[FIRST_DIRTY + s];
    return t;
  }

  changesSinceLastSave(): number {
    return Math.max(0, this.dirtyTotal() - this.dirtyBase);
  }
}

let current: PersistStatus | null = null;

/** Makes the block the one this thread's API reads (worker start-up; the main thread's saver). */
export function attachStatus(s: PersistStatus): void {
  current = s;
}

export function persistStatus(): PersistStatus | null {
  return current;
}

/** LASTSAVE and rdb_last_save_time: unix time of the last successful save (start time before). */
export function lastSaveTime(): number {
  return current === null ? Math.floor(Date.now() / 1000) : current.lastSave;
}

/** INFO stats latest_fork_usec: the duration of the last snapshot point (our "fork"), in µs. */
export function latestForkUsec(): number {
  return current === null ? 0 : current.latestForkUsec;
}

/**
 * The RDB and loading fields of INFO persistence, in Redis 7.0's order, from `loading` to
 * `rdb_last_load_keys_loaded` (the AOF fields that follow are not ours yet).
 */
export function persistenceInfoFields(nowMs = Date.now()): Array<[string, string | number]> {
  const s = current;
  if (s === null) return [];
  const inProgress = s.bgsaveInProgress;
  const total = s.keysTotal;
  const processed = s.keysProcessed;
  const perc = inProgress && total > 0 ? (processed / total) * 100 : 0;
  return [
    ['loading', s.loading ? 1 : 0],
    ['async_loading', 0],
    ['current_cow_peak', 0],
    ['current_cow_size', 0],
    ['current_cow_size_age', 0],
    ['current_fork_perc', perc.toFixed(2)],
    ['current_save_keys_processed', inProgress ? processed : 0],
    ['current_save_keys_total', inProgress ? total : 0],
    ['rdb_changes_since_last_save', s.changesSinceLastSave()],
    ['rdb_bgsave_in_progress', inProgress ? 1 : 0],
    ['rdb_last_save_time', s.lastSave],
    ['rdb_last_bgsave_status', s.lastBgsaveOk ? 'ok' : 'err'],
    ['rdb_last_bgsave_time_sec', s.lastBgsaveSecs],
    ['rdb_current_bgsave_time_sec', inProgress && s.bgsaveStart > 0 ? Math.floor((nowMs - s.bgsaveStart) / 1000) : -1],
    ['rdb_saves', s.rdbSaves],
    ['rdb_last_cow_size', 0],
    ['rdb_last_load_keys_expired', s.loadKeysExpired],
    ['rdb_last_load_keys_loaded', s.loadKeysLoaded],
  ];
}
