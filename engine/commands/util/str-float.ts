/**
 * Exact emulation of the x86-64 `long double` (80-bit extended: 64-bit significand, 15-bit
 * exponent) arithmetic that Redis's INCRBYFLOAT uses: parsing as glibc strtold does it (correctly
 * rounded, half to even, hex floats, inf; Redis's string2ld rules on top), addition with one
 * rounding, and printing with "%.17Lf" followed by Redis's trimming of trailing zeros. Doubles
 * cannot reproduce its results ("10.5" + 0.1 and "3.0e3" + 0.1 differ), so values are exact
 * binary rationals m * 2^e held in BigInts.
 *
 * Invariant: a finite LongDouble is already rounded to the format: m < 2^64, e >= E_MIN and
 * m * 2^e < 2^16384. Pure functions, any thread.
 */

export interface LongDouble {
  neg: boolean;
  /** significand (0n for zero) */
  m: bigint;
  /** binary exponent of the significand's last bit */
  e: number;
  /** infinity (m and e unused) */
  inf: boolean;
}

const SIG = 64;
/** exponent of the smallest subnormal: 2^-16445 */
const E_MIN = -16445;
/** every finite value is below 2^16384 */
const MAX_BITS = 16384;
/** string2ld refuses strings of MAX_LONG_DOUBLE_CHARS (5 KiB) or more */
const MAX_CHARS = 5 * 1024;

const TWO64 = 1n << 64n;
const TWO63 = 1n << 63n;

function bitLength(b: bigint): number {
  if (b === 0n) return 0;
  const h = b.toString(16);
  return (h.length - 1) * 4 + (32 - Math.clz32(parseInt(h[0], 16)));
}

function zero(neg: boolean): LongDouble {
  return { neg, m: 0n, e: 0, inf: false };
}

function infinity(neg: boolean): LongDouble {
  return { neg, m: 0n, e: 0, inf: true };
}

/** q rounded half to even given the dropped part: cmp = sign(remainder - half). */
function roundHalfEven(q: bigint, cmp: number): bigint {
  return cmp > 0 || (cmp === 0 && (q & 1n) === 1n) ? q + 1n : q;
}

/** Finishes a rounding: carries into the exponent and checks the range. */
function finish(neg: boolean, q: bigint, e: number): LongDouble {
  if (q === TWO64) {
    q = TWO63;
    e++;
  }
  if (q === 0n) return zero(neg);
  if (bitLength(q) + e > MAX_BITS) return infinity(neg);
  return { neg, m: q, e, inf: false };
}

/** Rounds neg * num * 2^exp2 (num >= 0) to the format, half to even. */
function roundInteger(neg: boolean, num: bigint, exp2: number): LongDouble {
  if (num === 0n) return zero(neg);
  let e = bitLength(num) + exp2 - SIG;
  if (e < E_MIN) e = E_MIN;
  const drop = e - exp2;
  if (drop <= 0) return finish(neg, num << BigInt(-drop), e);
  const sh = BigInt(drop);
  const q = num >> sh;
  const rem = num - (q << sh);
  const half = 1n << (sh - 1n);
  return finish(neg, roundHalfEven(q, rem > half ? 1 : rem === half ? 0 : -1), e);
}

/** Rounds neg * num / den * 2^exp2 (num >= 0, den > 0) to the format, half to even. */
function roundRational(neg: boolean, num: bigint, den: bigint, exp2: number): LongDouble {
  if (den === 1n) return roundInteger(neg, num, exp2);
  if (num === 0n) return zero(neg);
  // num/den lies in [2^(k-1), 2^(k+1)) with k = bitLength(num) - bitLength(den), so with this e
  // the quotient has 64 or 65 bits (fewer for subnormals)
  const k = bitLength(num) - bitLength(den);
  let e = k + exp2 - SIG;
  if (e < E_MIN) e = E_MIN;
  const sh = exp2 - e;
  const n = sh >= 0 ? num << BigInt(sh) : num;
  const d = sh >= 0 ? den : den << BigInt(-sh);
  let q = n / d;
  let r2 = (n - q * d) * 2n; // twice the remainder, compared with d
  let d2 = d;
  if (q >= TWO64) {
    // one bit too many: drop it into the remainder
    r2 = (q & 1n) * d * 2n + r2;
    d2 = d * 2n;
    q >>= 1n;
    e++;
  } else if (q < TWO63 && e > E_MIN) {
    // one bit too few (k overestimated): redo with one more bit
    return roundRationalAt(neg, num, den, exp2, e - 1);
  }
  return finish(neg, roundHalfEven(q, r2 > d2 ? 1 : r2 === d2 ? 0 : -1), e);
}

function roundRationalAt(neg: boolean, num: bigint, den: bigint, exp2: number, e: number): LongDouble {
  const sh = exp2 - e;
  const n = sh >= 0 ? num << BigInt(sh) : num;
  const d = sh >= 0 ? den : den << BigInt(-sh);
  const q = n / d;
  const r2 = (n - q * d) * 2n;
  return finish(neg, roundHalfEven(q, r2 > d ? 1 : r2 === d ? 0 : -1), e);
}

const POW10: bigint[] = [];
function pow10(k: number): bigint {
  if (k < 64) {
    let p = POW10[k];
    if (p === undefined) POW10[k] = p = 10n ** BigInt(k);
    return p;
  }
  return 10n ** BigInt(k);
}

/** An integer (a long long value of an int-encoded string) as a long double: always exact. */
export function fromInteger(n: number | bigint): LongDouble {
  const b = BigInt(n);
  return { neg: b < 0n, m: b < 0n ? -b : b, e: 0, inf: false };
}

const DEC_RE = /^([+-]?)(?:(\d+)\.?(\d*)|\.(\d+))(?:[eE]([+-]?\d+))?$/;
const HEX_RE = /^([+-]?)0[xX](?:([0-9a-fA-F]+)\.?([0-9a-fA-F]*)|\.([0-9a-fA-F]+))(?:[pP]([+-]?\d+))?$/;
const INF_RE = /^([+-]?)(?:inf|infinity)$/i;

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * Parses s as Redis's string2ld does (strtold on the whole string, no leading space, no NaN, no
 * overflow to infinity or underflow to zero); undefined when Redis says "not a valid float".
 */
export function parseLongDouble(s: string): LongDouble | undefined {
  const len = s.length;
  if (len === 0 || len >= MAX_CHARS || isSpace(s.charCodeAt(0))) return undefined;
  let m = DEC_RE.exec(s);
  if (m !== null) {
    const neg = m[1] === '-';
    const intPart = m[2] ?? '';
    const frac = m[2] !== undefined ? m[3] : m[4];
    const all = intPart + frac;
    let first = 0;
    while (first < all.length && all.charCodeAt(first) === 48) first++;
    if (first === all.length) return zero(neg);
    let last = all.length;
    while (all.charCodeAt(last - 1) === 48) last--;
    const digits = all.slice(first, last);
    const exp10 = (m[5] === undefined ? 0 : Number(m[5])) - frac.length + (all.length - last);
    const magnitude = digits.length + exp10; // value < 10^magnitude
    if (magnitude > 4935) return undefined; // overflow: HUGE_VAL with ERANGE
    if (magnitude < -4955) return undefined; // underflow to zero with ERANGE
    const d = BigInt(digits);
    const v = exp10 >= 0 ? roundInteger(neg, d * pow10(exp10), 0) : roundRational(neg, d, pow10(-exp10), 0);
    if (v.inf || v.m === 0n) return undefined;
    return v;
  }
  m = HEX_RE.exec(s);
  if (m !== null) {
    const neg = m[1] === '-';
    const intPart = m[2] ?? '';
    const frac = m[2] !== undefined ? m[3] : m[4];
    const digits = (intPart + frac).replace(/^0+/, '');
    if (digits.length === 0) return zero(neg);
    const h = BigInt('0x' + digits);
    const exp2 = (m[5] === undefined ? 0 : Number(m[5])) - 4 * frac.length;
    const bits = bitLength(h) + exp2;
    if (bits > MAX_BITS + 1) return undefined;
    if (bits < E_MIN - 2) return undefined;
    const v = roundInteger(neg, h, exp2);
    if (v.inf || v.m === 0n) return undefined;
    return v;
  }
  m = INF_RE.exec(s);
  if (m !== null) return infinity(m[1] === '-');
  return undefined;
}

/** a + b rounded once, like the FPU does; infinities propagate (the caller refuses them). */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble {
  if (a.inf || b.inf) return infinity(a.inf ? a.neg : b.neg);
  if (a.m === 0n && b.m === 0n) return zero(a.neg && b.neg);
  if (a.m === 0n) return b;
  if (b.m === 0n) return a;
  const e = a.e < b.e ? a.e : b.e;
  const am = a.m << BigInt(a.e - e);
  const bm = b.m << BigInt(b.e - e);
  const sum = (a.neg ? -am : am) + (b.neg ? -bm : bm);
  if (sum === 0n) return zero(false);
  return sum < 0n ? roundInteger(true, -sum, e) : roundInteger(false, sum, e);
}

const TEN17 = pow10(17);

/**
 * The text Redis stores for an INCRBYFLOAT result: "%.17Lf" (exact, ties to even), trailing zeros
 * and a trailing dot removed, "-0" written as "0".
 */
export function formatLongDouble(v: LongDouble): string {
  if (v.inf) return v.neg ? '-inf' : 'inf';
  let x: bigint;
  if (v.e >= 0) x = (v.m * TEN17) << BigInt(v.e);
  else {
    const sh = BigInt(-v.e);
    const num = v.m * TEN17;
    x = num >> sh;
    const r = num - (x << sh);
    const half = 1n << (sh - 1n);
    if (r > half || (r === half && (x & 1n) === 1n)) x++;
  }
  let s = x.toString();
  if (s.length < 18) s = '0'.repeat(18 - s.length) + s;
  const intPart = s.slice(0, s.length - 17);
  const frac = s.slice(s.length - 17).replace(/0+$/, '');
  const body = frac.length > 0 ? `${intPart}.${frac}` : intPart;
  return v.neg && body !== '0' ? `-${body}` : body;
}
