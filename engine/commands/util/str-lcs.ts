/**
 * Longest common subsequence for the LCS command: the classic dynamic-programming table and the
 * backward walk Redis does, so the subsequence chosen and the match ranges reported (order, ties,
 * MINMATCHLEN filtering) are exactly Redis's. LEN alone needs only two table rows; the full table
 * uses the narrowest typed array its values fit in.
 * Pure functions, shard workers.
 */

export interface LcsMatch {
  a0: number;
  a1: number;
  b0: number;
  b1: number;
  len: number;
}

export interface LcsResult {
  /** length of the LCS */
  len: number;
  /** the subsequence itself */
  str: Uint8Array;
  /** match ranges, last ones first (as Redis emits them), already filtered by minMatchLen */
  matches: LcsMatch[];
}

/** Length of the LCS using two rows of the table. */
export function lcsLength(a: Uint8Array, b: Uint8Array): number {
  if (a.length === 0 || b.length === 0) return 0;
  const n = b.length;
  let prev = new Uint32Array(n + 1);
  let cur = new Uint32Array(n + 1);
  for (let i = 1; i <= a.length; i++) {
    const ca = a[i - 1];
    for (let j = 1; j <= n; j++) {
      if (ca === b[j - 1]) cur[j] = prev[j - 1] + 1;
      else {
        const up = prev[j];
        const left = cur[j - 1];
        cur[j] = up > left ? up : left;
      }
    }
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[n];
}

/** The LCS string and, when `idx`, its match ranges (Redis's walk from the end of both strings). */
export function lcsFull(a: Uint8Array, b: Uint8Array, idx: boolean, minMatchLen: number): LcsResult {
  const alen = a.length;
  const blen = b.length;
  const w = blen + 1;
  // entries never exceed min(alen, blen): the narrowest array that holds them
  const most = alen < blen ? alen : blen;
  const size = (alen + 1) * w;
  const t = most < 0x100 ? new Uint8Array(size) : most < 0x10000 ? new Uint16Array(size) : new Uint32Array(size);
  for (let i = 1; i <= alen; i++) {
    const ca = a[i - 1];
    const row = i * w;
    const up = row - w;
    for (let j = 1; j <= blen; j++) {
      if (ca === b[j - 1]) t[row + j] = t[up + j - 1] + 1;
      else {
        const l1 = t[up + j];
        const l2 = t[row + j - 1];
        t[row + j] = l1 > l2 ? l1 : l2;
      }
    }
  }
  const total = t[alen * w + blen];
  const str = new Uint8Array(total);
  const matches: LcsMatch[] = [];
  let k = total;
  let aStart = alen; // alen: no range open
  let aEnd = 0;
  let bStart = 0;
  let bEnd = 0;
  let i = alen;
  let j = blen;
  while (i > 0 && j > 0) {
    let emit = false;
    if (a[i - 1] === b[j - 1]) {
      str[k - 1] = a[i - 1];
      if (aStart === alen) {
        aStart = i - 1;
        aEnd = i - 1;
        bStart = j - 1;
        bEnd = j - 1;
      } else if (aStart === i && bStart === j) {
        aStart--;
        bStart--;
      } else {
        emit = true;
      }
      if (aStart === 0 || bStart === 0) emit = true;
      k--;
      i--;
      j--;
    } else {
      const l1 = t[(i - 1) * w + j];
      const l2 = t[i * w + j - 1];
      if (l1 > l2) i--;
      else j--;
      if (aStart !== alen) emit = true;
    }
    if (emit) {
      const len = aEnd - aStart + 1;
      if (idx && (minMatchLen === 0 || len >= minMatchLen)) {
        matches.push({ a0: aStart, a1: aEnd, b0: bStart, b1: bEnd, len });
      }
      aStart = alen;
    }
  }
  return { len: total, str, matches };
}
