/**
 * Argument parsing with Redis's exact rules: integers as string2ll accepts them (no spaces, no '+',
 * no leading zeros except "0", within the signed 64-bit range — here within the exact double
 * range), floats as strtod accepts them ("inf", "-inf", exponents; not "nan"). Any thread.
 * HOT PATH: parseInteger.
 */

const MAX = Number.MAX_SAFE_INTEGER;

/** Parses a strict integer; returns undefined when Redis would say "not an integer or out of range". */
export function parseInteger(s: string): number | undefined {
  const n = s.length;
  if (n === 0 || n > 20) return undefined;
  let i = 0;
  let neg = false;
  if (s.charCodeAt(0) === 45) {
    neg = true;
    i = 1;
    if (n === 1) return undefined;
  }
  const c0 = s.charCodeAt(i);
  if (c0 === 48) return n === i + 1 && !neg ? 0 : undefined;
  let v = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
    v = v * 10 + (c - 48);
  }
  if (v > MAX) return undefined;
  return neg ? -v : v;
}

/**
 * Parses an integer that Redis accepts as a long long: values beyond 2^53 are accepted as BigInt
 * and clamped by the caller. Used where the range up to 2^63-1 matters (EXPIRE overflow checks).
 */
export function parseLongLong(s: string): bigint | undefined {
  if (!/^-?(0|[1-9][0-9]{0,18})$/.test(s)) return undefined;
  if (s === '-0') return undefined;
  const b = BigInt(s);
  if (b > 9223372036854775807n || b < -9223372036854775808n) return undefined;
  return b;
}

/** Parses a float as Redis's getDoubleFromObject/strtod does. */
export function parseFloat64(s: string): number | undefined {
  if (s.length === 0 || s.length > 5120) return undefined;
  const c = s.charCodeAt(0);
  if (c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12) return undefined;
  const last = s.charCodeAt(s.length - 1);
  if (last === 32 || last === 9 || last === 10 || last === 13) return undefined;
  const lower = s.toLowerCase();
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity' || lower === '+infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s) && !/^[+-]?0x[0-9a-f]+(\.[0-9a-f]*)?(p[+-]?\d+)?$/i.test(s)) {
    return undefined;
  }
  const v = /^[+-]?0x/i.test(s) ? parseHexFloat(s) : Number(s);
  if (Number.isNaN(v)) return undefined;
  return v;
}

function parseHexFloat(s: string): number {
  const m = /^([+-]?)0x([0-9a-f]*)(?:\.([0-9a-f]*))?(?:p([+-]?\d+))?$/i.exec(s);
  if (m === null) return NaN;
  let v = parseInt(m[2] || '0', 16);
  if (m[3]) for (let i = 0; i < m[3].length; i++) v += parseInt(m[3][i], 16) / 16 ** (i + 1);
  if (m[4]) v *= 2 ** Number(m[4]);
  return m[1] === '-' ? -v : v;
}

/** Case-insensitive comparison of an argument with an upper-case keyword. */
export function is(arg: string, upperKeyword: string): boolean {
  return arg.length === upperKeyword.length && (arg === upperKeyword || arg.toUpperCase() === upperKeyword);
}
