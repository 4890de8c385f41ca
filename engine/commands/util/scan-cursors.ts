/**
 * SCAN-family cursors: parsing a cursor argument as Redis does, a bounded table of live iteration
 * states addressed by numeric cursor ids, and the step that walks a JS Map for SCAN (and, later,
 * HSCAN/SSCAN/ZSCAN over Map-backed collections). Runs on worker threads; each worker keeps its
 * own tables (module state of the caller).
 *
 * Why Map iterators: a V8 Map iterator survives inserts and deletes (including rehashes) and
 * visits entries in insertion order, so an iteration that started before a key was inserted still
 * reaches every key that stays in the map for the whole iteration. Keys added later may or may not
 * be seen; a key deleted and re-added may be seen twice — both are allowed by SCAN's contract.
 *
 * Invariants:
 * - A cursor id is used once: `take` removes the state, and the next step is filed under a new id.
 *   A cursor replayed by a client (or evicted from the full table) is unknown, and the caller
 *   restarts that iteration from the beginning: duplicates, never a lost key.
 * - A state carries a budget (`left`): the number of entries the map held when the iteration began.
 *   Entries present at the start come before any entry inserted later, so after `left` entries
 *   every surviving original entry has been visited; stopping there bounds the iteration even
 *   while other clients insert keys faster than it advances.
 * - Ids are positive safe integers, below 2^44, so a cursor can carry a few more bits (the shard).
 */

/** Redis's ULONG_MAX: cursors are unsigned 64-bit. */
const U64 = 1n << 64n;

/**
 * Parses a cursor as Redis does (strtoul, base 10): an optional sign then digits, or the empty
 * string (cursor 0); a leading space, trailing garbage or a value beyond 2^64-1 is invalid.
 * A negative cursor wraps around modulo 2^64, as strtoul makes it. Returns undefined when invalid.
 */
export function parseScanCursor(s: string): bigint | undefined {
  const n = s.length;
  if (n === 0) return 0n;
  if (n > 21) return undefined;
  let i = 0;
  const c0 = s.charCodeAt(0);
  const neg = c0 === 45;
  if (neg || c0 === 43) i = 1;
  if (i === n) return undefined;
  for (let j = i; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c < 48 || c > 57) return undefined;
  }
  const v = BigInt(s.slice(i));
  if (v >= U64) return undefined;
  return neg && v !== 0n ? U64 - v : v;
}

/** One live walk over a Map. */
export interface MapScanState<K, V> {
  /** the map walked; a state whose map was replaced (FLUSHDB, SWAPDB) is stale */
  map: Map<K, V>;
  iter: MapIterator<[K, V]>;
  /** entries that may still be visited (see the budget invariant above) */
  left: number;
}

export function startMapScan<K, V>(map: Map<K, V>): MapScanState<K, V> {
  return { map, iter: map.entries(), left: map.size };
}

/**
 * Visits up to `count` entries of the walk, calling `visit` for each. Returns the number visited
 * and whether the walk is finished.
 */
export function stepMapScan<K, V>(
  st: MapScanState<K, V>,
  count: number,
  visit: (key: K, value: V) => void,
): { visited: number; done: boolean } {
  let visited = 0;
  while (visited < count) {
    if (st.left <= 0) return { visited, done: true };
    const r = st.iter.next();
    if (r.done === true) return { visited, done: true };
    st.left--;
    visited++;
    visit(r.value[0], r.value[1]);
  }
  return { visited, done: st.left <= 0 };
}

const ID_LIMIT = 2 ** 44;

/** A bounded table of iteration states; the oldest state is dropped when it is full. */
export class CursorTable<S> {
  private readonly states = new Map<number, S>();
  private nextId = 1;
  readonly limit: number;
  constructor(limit: number) {
    this.limit = limit;
  }

  get size(): number {
    return this.states.size;
  }

  /** Files a state and returns its cursor id (>= 1). */
  put(state: S): number {
    const id = this.nextId;
    this.nextId = id + 1 >= ID_LIMIT ? 1 : id + 1;
    this.states.set(id, state);
    if (this.states.size > this.limit) {
      const oldest = this.states.keys().next().value as number;
      this.states.delete(oldest);
    }
    return id;
  }

  /** Removes and returns the state filed under id, or undefined if unknown or evicted. */
  take(id: number): S | undefined {
    const s = this.states.get(id);
    if (s !== undefined) this.states.delete(id);
    return s;
  }

  clear(): void {
    this.states.clear();
  }
}

/** Bits a cursor reserves for the shard index with `shards` shards (0 for one shard). */
export function shardBits(shards: number): number {
  let b = 0;
  while (1 << b < shards) b++;
  return b;
}

/** A keyspace cursor: the shard in the low bits, the shard's cursor id above them. */
export function encodeShardCursor(shard: number, id: number, bits: number): string {
  return String(id * 2 ** bits + shard);
}

/**
 * Splits a keyspace cursor into [shard, id]. An id too large to be one of ours comes back as -1
 * (unknown: the caller restarts that shard).
 */
export function decodeShardCursor(cursor: bigint, bits: number): [shard: number, id: number] {
  const b = BigInt(bits);
  const shard = Number(cursor & ((1n << b) - 1n));
  const id = cursor >> b;
  return [shard, id >= BigInt(ID_LIMIT) ? -1 : Number(id)];
}
