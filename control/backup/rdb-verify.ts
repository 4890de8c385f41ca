/**
 * control/backup/rdb-verify.ts — checks that a file is a complete Redis RDB snapshot.
 *
 * Owns: CRC-64 as Redis computes it (Jones polynomial, reflected, initial value 0 — the check value
 * of "123456789" is 0xe9c6d914c4b8d9ca), and verifyRdbFile(): the "REDIS" magic, a 4-digit version
 * the engine reads (6 to 11), the EOF opcode (0xFF) before the 8-byte trailer, and the trailer equal
 * to the CRC-64 of everything before it (a zero trailer means the writer disabled checksums).
 *
 * Invariants: pure and synchronous; streams the file in 1 MiB chunks, so any size works. Runs in
 * the piscina pool (control/backup/verify-worker.ts), off the main thread.
 */

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const POLY_LO = 0x94c935a9;
const POLY_HI = 0xad93d235;

/** The reflected polynomial of CRC-64/Jones, bit-reversed (as the reflected algorithm needs). */
function reflectedPoly(): [number, number] {
  // reverse the 64 bits of 0xad93d23594c935a9
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < 64; i++) {
    const bit = i < 32 ? (POLY_LO >>> i) & 1 : (POLY_HI >>> (i - 32)) & 1;
    const j = 63 - i;
    if (bit) {
      if (j < 32) lo |= 1 << j;
      else hi |= 1 << (j - 32);
    }
  }
  return [lo >>> 0, hi >>> 0];
}

const TABLE_LO = new Uint32Array(256);
const TABLE_HI = new Uint32Array(256);
(() => {
  const [plo, phi] = reflectedPoly();
  for (let n = 0; n < 256; n++) {
    let lo = n;
    let hi = 0;
    for (let k = 0; k < 8; k++) {
      const lsb = lo & 1;
      lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
      hi = hi >>> 1;
      if (lsb) {
        lo = (lo ^ plo) >>> 0;
        hi = (hi ^ phi) >>> 0;
      }
    }
    TABLE_LO[n] = lo;
    TABLE_HI[n] = hi;
  }
})();

/** Incremental CRC-64 (Redis's crc64). */
export class Crc64 {
  private lo = 0;
  private hi = 0;

  update(buf: Uint8Array, start = 0, end = buf.length): void {
    let lo = this.lo;
    let hi = this.hi;
    for (let i = start; i < end; i++) {
      const idx = (lo ^ (buf[i] ?? 0)) & 0xff;
      lo = (((lo >>> 8) | (hi << 24)) ^ (TABLE_LO[idx] ?? 0)) >>> 0;
      hi = ((hi >>> 8) ^ (TABLE_HI[idx] ?? 0)) >>> 0;
    }
    this.lo = lo;
    this.hi = hi;
  }

  digest(): bigint {
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }
}

export function crc64(buf: Uint8Array): bigint {
  const c = new Crc64();
  c.update(buf);
  return c.digest();
}

export interface RdbCheck {
  ok: boolean;
  /** RDB format version, or 0 when unreadable */
  version: number;
  size: number;
  /** whether the trailer carried a checksum (false: the writer disabled rdbchecksum) */
  checksummed: boolean;
  error: string | null;
}

const CHUNK = 1 << 20;

/** Verifies an RDB file (see the header comment). Never throws. */
export function verifyRdbFile(file: string): RdbCheck {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    return { ok: false, version: 0, size: 0, checksummed: false, error: `cannot open: ${err instanceof Error ? err.message : String(err)}` };
  }
  try {
    const size = fstatSync(fd).size;
    const fail = (error: string, version = 0): RdbCheck => ({ ok: false, version, size, checksummed: false, error });
    if (size < 9 + 1 + 8) return fail('too short to be an RDB file');
    const head = Buffer.alloc(9);
    readSync(fd, head, 0, 9, 0);
    if (head.toString('latin1', 0, 5) !== 'REDIS') return fail('no REDIS magic');
    const vtext = head.toString('latin1', 5, 9);
    if (!/^\d{4}$/.test(vtext)) return fail('bad version field');
    const version = Number(vtext);
    if (version < 6 || version > 11) return fail(`unsupported RDB version ${version}`, version);
    const crc = new Crc64();
    const buf = Buffer.alloc(CHUNK);
    const bodyEnd = size - 8;
    let pos = 0;
    let last = -1;
    while (pos < bodyEnd) {
      const n = readSync(fd, buf, 0, Math.min(CHUNK, bodyEnd - pos), pos);
      if (n <= 0) return fail('short read', version);
      crc.update(buf, 0, n);
      last = buf[n - 1] ?? -1;
      pos += n;
    }
    if (last !== 0xff) return fail('no EOF opcode before the checksum', version);
    const trailer = Buffer.alloc(8);
    readSync(fd, trailer, 0, 8, bodyEnd);
    const stored = trailer.readBigUInt64LE(0);
    if (stored === 0n) return { ok: true, version, size, checksummed: false, error: null };
    if (stored !== crc.digest()) return fail('checksum mismatch', version);
    return { ok: true, version, size, checksummed: true, error: null };
  } finally {
    closeSync(fd);
  }
}
