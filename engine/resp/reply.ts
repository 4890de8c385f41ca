/**
 * The typed reply interface every command handler writes to.
 *
 * Two implementations: RespWriter (bytes for a socket or another worker) and ValueCollector (JS
 * values, for coordinators that merge replies from several shards and for scripts). Handlers never
 * format protocol bytes or error text themselves: errors come from errors.ts.
 * Runs on any worker thread.
 */

export interface Reply {
  proto: 2 | 3;
  /** error replies written so far (commandstats failed_calls) */
  errors: number;
  simple(s: string): void;
  ok(): void;
  error(msg: string): void;
  int(n: number): void;
  bulk(s: string): void;
  bulkBuf(b: Uint8Array, len?: number): void;
  bulkInt(n: number): void;
  nil(): void;
  nilArray(): void;
  array(n: number): void;
  map(n: number): void;
  set(n: number): void;
  push(n: number): void;
  double(d: number): void;
  bool(b: boolean): void;
  verbatim(s: string): void;
  bulks(items: readonly string[]): void;
  /** appends a reply already encoded in this reply's protocol (from another worker) */
  raw(b: Uint8Array): void;
  /** a position to roll back to if a handler fails half-way through its reply */
  checkpoint(): number;
  rollback(cp: number): void;
}
