/*
 * engine/config/text.ts — low-level text codecs shared by the config module.
 *
 * Owns: splitting a redis.conf line into arguments (sdssplitargs semantics),
 * quoting a value for a config file (sdscatrepr semantics), and the exact
 * integer / memory parsers Redis 7.0 uses for configuration values
 * (string2ll, strtoll, memtoull), plus the memory formatter used by
 * CONFIG REWRITE.
 *
 * Invariants: every function is pure and synchronous; 64-bit quantities are
 * handled as bigint so that C overflow/wrap-around behaviour is reproduced
 * exactly. Strings are treated as sequences of UTF-16 code units; callers that
 * read files pass "binary" (latin1) strings so one char == one byte.
 *
 * Threads: pure helpers, safe on any thread (main thread while loading,
 * worker threads holding EngineConfig copies).
 */

const U64 = 1n << 64n;
export const LLONG_MAX = (1n << 63n) - 1n;
export const LLONG_MIN = -(1n << 63n);
export const ULLONG_MAX = U64 - 1n;

/** C isspace() in the "C" locale. */
export function isCSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}

function hexVal(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/**
 * Split a configuration line into arguments the way Redis' sdssplitargs does:
 * whitespace separates arguments; "double quotes" support \n \r \t \b \a \xHH
 * and \<any> escapes; 'single quotes' support only \'. A closing quote must be
 * followed by whitespace or the end of the line. Quotes may start in the middle
 * of an argument (a"b c" is the single argument `ab c`).
 * Returns null on unbalanced quotes.
 */
export function splitArgs(line: string): string[] | null {
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  for (;;) {
    while (i < n && isCSpace(line.charCodeAt(i))) i++;
    if (i >= n) return out;
    let inDouble = false;
    let inSingle = false;
    let done = false;
    let cur = '';
    while (!done) {
      if (inDouble) {
        if (i >= n) return null;
        const c = line.charCodeAt(i);
        if (c === 92 /* \ */ && i + 3 < n && line.charCodeAt(i + 1) === 120 /* x */ &&
            hexVal(line.charCodeAt(i + 2)) >= 0 && hexVal(line.charCodeAt(i + 3)) >= 0) {
          cur += String.fromCharCode(hexVal(line.charCodeAt(i + 2)) * 16 + hexVal(line.charCodeAt(i + 3)));
          i += 3;
        } else if (c === 92 && i + 1 < n) {
          i++;
          const e = line[i];
          switch (e) {
            case 'n': cur += '\n'; break;
            case 'r': cur += '\r'; break;
            case 't': cur += '\t'; break;
            case 'b': cur += '\b'; break;
            case 'a': cur += '\x07'; break;
            default: cur += e; break;
          }
        } else if (c === 34 /* " */) {
          if (i + 1 < n && !isCSpace(line.charCodeAt(i + 1))) return null;
          done = true;
        } else {
          cur += line[i];
        }
      } else if (inSingle) {
        if (i >= n) return null;
        const c = line.charCodeAt(i);
        if (c === 92 && i + 1 < n && line.charCodeAt(i + 1) === 39 /* ' */) {
          i++;
          cur += "'";
        } else if (c === 39) {
          if (i + 1 < n && !isCSpace(line.charCodeAt(i + 1))) return null;
          done = true;
        } else {
          cur += line[i];
        }
      } else {
        if (i >= n) {
          done = true;
        } else {
          const c = line.charCodeAt(i);
          if (c === 32 || c === 10 || c === 13 || c === 9 || c === 0) done = true;
          else if (c === 34) inDouble = true;
          else if (c === 39) inSingle = true;
          else cur += line[i];
        }
      }
      if (i < n) i++;
    }
    out.push(cur);
  }
}

/**
 * Quote a value for a config file like Redis' sdscatrepr: the UTF-8 bytes of
 * the value inside double quotes, with \\ \" \n \r \t \a \b escaped, other
 * printable ASCII kept, everything else as \xHH. The result is pure ASCII.
 */
export function reprArg(value: string): string {
  const bytes = Buffer.from(value, 'utf8');
  let out = '"';
  for (const b of bytes) {
    switch (b) {
      case 92: out += '\\\\'; break;
      case 34: out += '\\"'; break;
      case 10: out += '\\n'; break;
      case 13: out += '\\r'; break;
      case 9: out += '\\t'; break;
      case 7: out += '\\a'; break;
      case 8: out += '\\b'; break;
      default:
        if (b >= 32 && b <= 126) out += String.fromCharCode(b);
        else out += '\\x' + b.toString(16).padStart(2, '0');
    }
  }
  return out + '"';
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Redis string2ll: strict base-10 signed 64-bit integer. No sign '+', no
 * leading zeros (except "0" itself), no spaces, "-0" rejected, no overflow.
 */
export function string2ll(s: string): bigint | null {
  const n = s.length;
  if (n === 0 || n > 20) return null;
  if (n === 1 && s.charCodeAt(0) === 48) return 0n;
  let i = 0;
  let neg = false;
  if (s.charCodeAt(0) === 45) {
    neg = true;
    i = 1;
    if (n === 1) return null;
  }
  const first = s.charCodeAt(i);
  if (first < 49 || first > 57) return null;
  for (let j = i + 1; j < n; j++) if (!isDigitCode(s.charCodeAt(j))) return null;
  const v = BigInt(neg ? s : s.slice(i));
  if (v > LLONG_MAX || v < LLONG_MIN) return null;
  return v;
}

/**
 * C strtoll(s, &end, base) followed by a "*end == '\0'" check: optional
 * leading whitespace, optional sign, then digits. With no digits at all C
 * leaves end at the start of the input, so only "" is accepted (as 0).
 * The value saturates at LLONG_MIN/LLONG_MAX like C, with `overflow` set
 * (C's errno == ERANGE). Returns null when characters remain after the number.
 */
export function strtollDetailed(s: string, base: 8 | 10 = 10): { value: bigint; overflow: boolean } | null {
  const n = s.length;
  let i = 0;
  while (i < n && isCSpace(s.charCodeAt(i))) i++;
  let neg = false;
  if (i < n && (s[i] === '+' || s[i] === '-')) {
    neg = s[i] === '-';
    i++;
  }
  const digitsStart = i;
  const maxDigit = base === 8 ? 55 : 57;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > maxDigit) break;
    i++;
  }
  if (i === digitsStart) return n === 0 ? { value: 0n, overflow: false } : null;
  if (i !== n) return null;
  let v = 0n;
  const b = BigInt(base);
  for (let j = digitsStart; j < i; j++) v = v * b + BigInt(s.charCodeAt(j) - 48);
  if (neg) v = -v;
  if (v > LLONG_MAX) return { value: LLONG_MAX, overflow: true };
  if (v < LLONG_MIN) return { value: LLONG_MIN, overflow: true };
  return { value: v, overflow: false };
}

const MEMORY_UNITS: ReadonlyMap<string, bigint> = new Map([
  ['', 1n], ['b', 1n],
  ['k', 1000n], ['kb', 1024n],
  ['m', 1000n * 1000n], ['mb', 1024n * 1024n],
  ['g', 1000n * 1000n * 1000n], ['gb', 1024n * 1024n * 1024n],
]);

/**
 * Redis memtoull: leading decimal digits (possibly none, meaning 0) followed
 * by an optional case-insensitive unit b, k, kb, m, mb, g, gb (k = 1000,
 * kb = 1024, ...). A leading '-' or any other suffix is an error. The digit
 * part saturates at 2^64-1 and the multiplication wraps modulo 2^64, exactly
 * like the C implementation. Returns an unsigned 64-bit value or null.
 */
export function memtoull(s: string): bigint | null {
  if (s.length > 0 && s.charCodeAt(0) === 45) return null;
  let i = 0;
  while (i < s.length && isDigitCode(s.charCodeAt(i))) i++;
  const mul = MEMORY_UNITS.get(s.slice(i).toLowerCase());
  if (mul === undefined) return null;
  if (i >= 128) return null;
  let v = i === 0 ? 0n : BigInt(s.slice(0, i));
  if (v > ULLONG_MAX) v = ULLONG_MAX;
  return BigInt.asUintN(64, v * mul);
}

const KB = 1024n;
const MB = 1024n * 1024n;
const GB = 1024n * 1024n * 1024n;

/** CONFIG REWRITE memory formatting: "1gb", "64mb", "2kb" or plain bytes. */
export function formatMemory(bytes: bigint): string {
  if (bytes !== 0n && bytes % GB === 0n) return `${bytes / GB}gb`;
  if (bytes !== 0n && bytes % MB === 0n) return `${bytes / MB}mb`;
  if (bytes !== 0n && bytes % KB === 0n) return `${bytes / KB}kb`;
  return bytes.toString();
}

/** Interpret bytes read as latin1 ("binary" string) as UTF-8 text. */
export function binaryToUtf8(s: string): string {
  // Fast path: pure ASCII needs no conversion.
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 127) return Buffer.from(s, 'latin1').toString('utf8');
  }
  return s;
}

/** Encode text as a "binary" string (one char per UTF-8 byte). */
export function utf8ToBinary(s: string): string {
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 127) return Buffer.from(s, 'utf8').toString('latin1');
  }
  return s;
}

const ERRNO_TEXT: Readonly<Record<string, string>> = {
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  EISDIR: 'Is a directory',
  EROFS: 'Read-only file system',
  ENOSPC: 'No space left on device',
  EEXIST: 'File exists',
  ELOOP: 'Too many levels of symbolic links',
  ENAMETOOLONG: 'File name too long',
  EMFILE: 'Too many open files',
  EIO: 'Input/output error',
  EDQUOT: 'Disk quota exceeded',
  EBUSY: 'Device or resource busy',
};

/** strerror()-like text for a Node.js fs error. */
export function errnoText(err: unknown): string {
  if (err !== null && typeof err === 'object') {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code in ERRNO_TEXT) return ERRNO_TEXT[code] as string;
    const message = (err as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  }
  return String(err);
}
