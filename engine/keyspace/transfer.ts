/**
 * Moving values between shards: every collection type registers how to rebuild itself from its
 * structured-clone-safe Transfer form. Strings travel as they are (string or number); a RawString
 * travels as its bytes. Used by cross-shard RENAME/COPY/MOVE and the multi-shard scratch executor.
 * Runs on any worker.
 */

import { RawString, type Collection, type Transfer, type Value, isString } from './values.ts';

const builders = new Map<number, (d: unknown) => Collection>();

export function registerKind(kind: number, fromTransfer: (d: unknown) => Collection): void {
  builders.set(kind, fromTransfer);
}

export type TransferValue = string | number | Uint8Array | Transfer;

export function toTransfer(v: Value): TransferValue {
  if (typeof v === 'string' || typeof v === 'number') return v;
  if (v instanceof RawString) return v.buf.subarray(0, v.len).slice();
  return v.toTransfer();
}

export function fromTransfer(t: TransferValue): Value {
  if (typeof t === 'string' || typeof t === 'number') return t;
  if (t instanceof Uint8Array) return new RawString(Buffer.from(t.buffer, t.byteOffset, t.byteLength));
  const b = builders.get(t.k);
  if (b === undefined) throw new Error(`no transfer builder for value kind ${t.k}`);
  return b(t.d);
}

/** A deep copy of a value within the same shard (COPY, MOVE keeps the original object). */
export function cloneValue(v: Value): Value {
  if (isString(v) && !(v instanceof RawString)) return v;
  return fromTransfer(toTransfer(v));
}
