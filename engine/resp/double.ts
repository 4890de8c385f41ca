/**
 * Doubles as Redis prints them: C's "%.17g" with inf/-inf/nan spelled out, exactly as glibc does
 * it (integers up to 1e17 printed in full, exact decimal ties at the 18th digit rounded to even).
 * Used for sorted-set scores, INCRBYFLOAT-free double replies and RDB's string-encoded doubles.
 * Pure functions, any thread.
 */

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** True when the double a equals digits * 10^exp10 exactly. */
function exactlyDecimal(a: number, digits: bigint, exp10: number): boolean {
  f64[0] = a;
  const bits = u64[0];
  const be = Number((bits >> 52n) & 0x7ffn);
  let m = bits & 0xfffffffffffffn;
  let q: number;
  if (be === 0) q = -1074;
  else {
    m |= 1n << 52n;
    q = be - 1075;
  }
  // compare m * 2^q with digits * 10^exp10, all as integers
  let left = m;
  let right = digits;
  if (q >= 0) left <<= BigInt(q);
  else right <<= BigInt(-q);
  if (exp10 >= 0) right *= 10n ** BigInt(exp10);
  else left *= 10n ** BigInt(-exp10);
  return left === right;
}

/** Formats d like C's printf("%.17g") with glibc's rounding. */
export function formatDouble(d: number): string {
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (d !== d) return 'nan';
  if (d === 0) return 1 / d < 0 ? '-0' : '0';
  const neg = d < 0;
  const a = neg ? -d : d;
  if (a <= 9007199254740992 && Number.isInteger(a)) return neg ? `-${a}` : String(a);
  let t = a.toExponential(16); // d.dddddddddddddddde+X: 17 significant digits, ties rounded up
  const t18 = a.toExponential(17);
  if (t18.charCodeAt(18) === 53) {
    // a possible exact tie at the 18th digit: glibc rounds it to even
    const ePos18 = t18.indexOf('e');
    const x = Number(t18.slice(ePos18 + 1));
    const digits = t18[0] + t18.slice(2, ePos18);
    if (exactlyDecimal(a, BigInt(digits), x - 17)) {
      const kept = digits.slice(0, 17);
      if ((kept.charCodeAt(16) & 1) === 0) t = `${kept[0]}.${kept.slice(1)}e${x < 0 ? '' : '+'}${x}`;
    }
  }
  const ePos = t.indexOf('e');
  const x = Number(t.slice(ePos + 1));
  const digits = t[0] + t.slice(2, ePos);
  let out: string;
  if (x < -4 || x >= 17) {
    const frac = digits.slice(1).replace(/0+$/, '');
    const ax = x < 0 ? -x : x;
    out = `${digits[0]}${frac.length > 0 ? '.' + frac : ''}e${x < 0 ? '-' : '+'}${ax < 10 ? '0' : ''}${ax}`;
  } else if (x >= 0) {
    const frac = digits.slice(x + 1).replace(/0+$/, '');
    out = frac.length > 0 ? `${digits.slice(0, x + 1)}.${frac}` : digits.slice(0, x + 1);
  } else {
    out = `0.${'0'.repeat(-x - 1)}${digits.replace(/0+$/, '')}`;
  }
  return neg ? `-${out}` : out;
}
