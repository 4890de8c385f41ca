/**
 * Hash slots: CRC16 (XMODEM, as Redis Cluster computes it) of a key or of its {hash tag}, modulo
 * 16384, and the fixed map from slot to shard. Pure functions, safe on any thread. HOT PATH.
 *
 * Invariant: shard s owns the contiguous slot range [floor(s*16384/N), floor((s+1)*16384/N)).
 */

export const SLOT_COUNT = 16384;

const table = new Uint16Array(256);
for (let i = 0; i < 256; i++) {
  let crc = i << 8;
  for (let j = 0; j < 8; j++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  table[i] = crc;
}

/** CRC16-XMODEM over the latin1 chars [start, end) of s. */
export function crc16(s: string, start = 0, end = s.length): number {
  let crc = 0;
  for (let i = start; i < end; i++) crc = ((crc << 8) & 0xffff) ^ table[((crc >> 8) ^ s.charCodeAt(i)) & 0xff];
  return crc;
}

/** The hash slot of a key, honouring the first non-empty {tag}. */
export function keySlot(key: string): number {
  const open = key.indexOf('{');
  if (open >= 0) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) return crc16(key, open + 1, close) & 16383;
  }
  return crc16(key) & 16383;
}

/** slot -> shard lookup table for N shards. */
export function slotTable(shards: number): Uint8Array {
  const t = new Uint8Array(SLOT_COUNT);
  for (let s = 0; s < shards; s++) {
    const lo = Math.floor((s * SLOT_COUNT) / shards);
    const hi = Math.floor(((s + 1) * SLOT_COUNT) / shards);
    t.fill(s, lo, hi);
  }
  return t;
}
