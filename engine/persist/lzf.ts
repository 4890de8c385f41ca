/**
 * LZF compression as RDB files use it (Redis's RDB_ENC_LZF strings).
 *
 * Format: a sequence of runs. A control byte c < 32 starts a literal run of c+1 bytes. Otherwise
 * the top 3 bits are a length L (7 means "add the next byte") and the low 5 bits are the high part
 * of an offset; the next byte is the offset's low part; the back reference copies L+2 bytes from
 * `out - offset - 1` (overlapping copies allowed).
 *
 * The compressor follows liblzf's greedy algorithm in its "very fast" configuration (a 2^16
 * entry table of 3-byte hashes, literal runs of at most 32, matches of 3..264 bytes within 8 KiB,
 * re-hashing the last two positions of a match), with a table that starts empty for every call
 * (liblzf leaves it uninitialised, so Redis's own output may vary slightly; any valid LZF stream
 * decompresses the same). It gives up, returning 0, exactly when liblzf would: when the output
 * does not fit in `outMax` bytes — Redis only stores the compressed form when it fits in len - 4.
 *
 * The table is reused across calls without clearing: entries carry a per-call base so stale
 * positions read as empty. Pure; any thread (one table per thread, module state).
 */

const HLOG = 16;
const HSIZE = 1 << HLOG;
const MAX_LIT = 32;
const MAX_OFF = 1 << 13;
const MAX_REF = (1 << 8) + (1 << 3);

const htab = new Int32Array(HSIZE);
/** entries > base belong to the current call; entry - base - 1 is the position */
let base = 0;

function idx(h: number): number {
  return ((h >>> 8) - Math.imul(h, 5)) & (HSIZE - 1);
}

/**
 * Compresses src[start, end) into out (at most outMax bytes). Returns the compressed length, or
 * 0 when the result would not fit (or the input is empty).
 */
export function lzfCompress(src: Uint8Array, start: number, end: number, out: Uint8Array, outMax: number): number {
  const n = end - start;
  if (n <= 0) return 0;
  if (base > 0x3fffffff - n) {
    htab.fill(0);
    base = 0;
  }
  const b = base;
  base += n + 1;
  const inEnd = end;
  let ip = start;
  let op = 0;
  let lit = 0;
  const outEnd = outMax;
  op++; // room for the first literal run's control byte
  let hval = n >= 2 ? (src[ip] << 8) | src[ip + 1] : 0;
  while (ip < inEnd - 2) {
    hval = (hval << 8) | src[ip + 2];
    const slot = idx(hval);
    const e = htab[slot];
    const ref = e > b ? e - b - 1 + start : start; // an empty slot reads as the input start (never a match)
    htab[slot] = ip - start + b + 1;
    const off = ip - ref - 1;
    if (off >= 0 && off < MAX_OFF && ref > start && src[ref + 2] === src[ip + 2] && src[ref] === src[ip] && src[ref + 1] === src[ip + 1]) {
      let len = 2;
      let maxlen = inEnd - ip - len;
      if (maxlen > MAX_REF) maxlen = MAX_REF;
      if (op + 3 + 1 >= outEnd && op - (lit === 0 ? 1 : 0) + 3 + 1 >= outEnd) return 0;
      out[op - lit - 1] = (lit - 1) & 0xff; // close the literal run
      if (lit === 0) op--; // ... or drop it when empty
      do len++;
      while (len < maxlen && src[ref + len] === src[ip + len]);
      len -= 2;
      ip++;
      if (len < 7) out[op++] = (off >> 8) + (len << 5);
      else {
        out[op++] = (off >> 8) + (7 << 5);
        out[op++] = len - 7;
      }
      out[op++] = off & 0xff;
      lit = 0;
      op++;
      ip += len + 1;
      if (ip >= inEnd - 2) break;
      ip -= 2;
      hval = (src[ip] << 8) | src[ip + 1];
      hval = (hval << 8) | src[ip + 2];
      htab[idx(hval)] = ip - start + b + 1;
      ip++;
      hval = (hval << 8) | src[ip + 2];
      htab[idx(hval)] = ip - start + b + 1;
      ip++;
    } else {
      if (op >= outEnd) return 0;
      lit++;
      out[op++] = src[ip++];
      if (lit === MAX_LIT) {
        out[op - lit - 1] = lit - 1;
        lit = 0;
        op++;
      }
    }
  }
  if (op + 3 > outEnd) return 0;
  while (ip < inEnd) {
    lit++;
    out[op++] = src[ip++];
    if (lit === MAX_LIT) {
      out[op - lit - 1] = lit - 1;
      lit = 0;
      op++;
    }
  }
  out[op - lit - 1] = (lit - 1) & 0xff;
  if (lit === 0) op--;
  return op;
}

export class LzfError extends Error {
  override name = 'LzfError';
}

/**
 * Decompresses src[start, end) into out, which must be exactly the expected length. Throws
 * LzfError on a malformed stream (a reference before the output start, a run past either end)
 * or when the output length differs from out.length.
 */
export function lzfDecompress(src: Uint8Array, start: number, end: number, out: Uint8Array): void {
  let ip = start;
  let op = 0;
  const outEnd = out.length;
  while (ip < end) {
    const ctrl = src[ip++];
    if (ctrl < 32) {
      const len = ctrl + 1;
      if (op + len > outEnd) throw new LzfError('LZF literal run past the output end');
      if (ip + len > end) throw new LzfError('LZF literal run past the input end');
      out.set(src.subarray(ip, ip + len), op);
      op += len;
      ip += len;
      continue;
    }
    let len = ctrl >> 5;
    let ref = op - ((ctrl & 0x1f) << 8) - 1;
    if (len === 7) {
      if (ip >= end) throw new LzfError('LZF back reference past the input end');
      len += src[ip++];
    }
    if (ip >= end) throw new LzfError('LZF back reference past the input end');
    ref -= src[ip++];
    len += 2;
    if (op + len > outEnd) throw new LzfError('LZF back reference past the output end');
    if (ref < 0) throw new LzfError('LZF back reference before the output start');
    if (ref + len <= op) {
      out.copyWithin(op, ref, ref + len);
      op += len;
    } else {
      for (let k = 0; k < len; k++) out[op++] = out[ref++];
    }
  }
  if (op !== outEnd) throw new LzfError(`LZF output is ${op} bytes, expected ${outEnd}`);
}
