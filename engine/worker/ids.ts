/**
 * Counters shared by every worker of the process through one SharedArrayBuffer: client ids and
 * slowlog ids are unique and increasing process-wide, as in Redis. Any thread.
 */

let counters: BigInt64Array | null = null;
const CLIENT = 0;
const SLOWLOG = 1;
export const SHARED_COUNTERS = 4;

export function attachCounters(sab: SharedArrayBuffer): void {
  counters = new BigInt64Array(sab);
}

export function createCounters(): SharedArrayBuffer {
  return new SharedArrayBuffer(8 * SHARED_COUNTERS);
}

function next(slot: number): number {
  if (counters === null) throw new Error('shared counters not attached');
  return Number(Atomics.add(counters, slot, 1n)) + 1;
}

export function nextClientId(): number {
  return next(CLIENT);
}

export function nextSlowlogId(): number {
  return next(SLOWLOG) - 1;
}
