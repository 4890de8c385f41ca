/*
 * engine/config/glob.ts — Redis-compatible glob matching.
 *
 * Owns: the pattern matcher used by CONFIG GET, and (outside this module) by
 * KEYS, SCAN MATCH, PSUBSCRIBE and PUBSUB CHANNELS. Semantics follow Redis
 * 7.0's stringmatchlen():
 *   *      any sequence of characters (including none), but only while there is
 *          subject left to consume: a pattern never matches an empty subject
 *          unless the pattern is empty too (so "*" does NOT match ""; KEYS and
 *          SCAN special-case the lone "*" pattern themselves in Redis).
 *   ?      exactly one character
 *   [abc]  one of the listed characters; [^abc] negation; [a-z] ranges
 *          (reversed ranges like [z-a] work); \x inside brackets is a literal x
 *          (compared case-sensitively even with nocase, as Redis does); an
 *          unterminated "[..." consumes the rest of the pattern.
 *   \x     literal x (a trailing lone backslash is a literal backslash)
 *   nocase compares ASCII letters case-insensitively (C tolower, "C" locale).
 *
 * Invariants: matching works on UTF-16 code units. When keys are stored as
 * binary (latin1) strings this is byte-for-byte identical to Redis. The
 * matcher allocates nothing; literal patterns take a plain comparison fast
 * path. A "skip longer matches" cut-off (as in Redis >= 7.0.9) bounds the
 * work of patterns with many stars.
 *
 * Threads: pure functions, safe on the main thread and in worker threads.
 */

const STAR = 42; // *
const QMARK = 63; // ?
const LBRACKET = 91; // [
const RBRACKET = 93; // ]
const BACKSLASH = 92; // \
const CARET = 94; // ^
const DASH = 45; // -

function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** True when the pattern contains no glob metacharacters (* ? [ \). */
export function isLiteralPattern(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === STAR || c === QMARK || c === LBRACKET || c === BACKSLASH) return false;
  }
  return true;
}

function equalsNoCase(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y && lower(x) !== lower(y)) return false;
  }
  return true;
}

// Set when a '*' has tried every remaining suffix of the subject without
// success: any enclosing '*' can then give up too (a longer prefix cannot
// help). Module-level to keep the matcher allocation-free; matching is
// synchronous so there is no re-entrancy.
let skipLongerMatches = false;

function matchAt(p: string, pi: number, s: string, si: number, nocase: boolean): boolean {
  const plen = p.length;
  const slen = s.length;
  while (pi < plen && si < slen) {
    const pc = p.charCodeAt(pi);
    if (pc === STAR) {
      while (pi + 1 < plen && p.charCodeAt(pi + 1) === STAR) pi++;
      if (pi + 1 === plen) return true;
      for (; si < slen; si++) {
        if (matchAt(p, pi + 1, s, si, nocase)) return true;
        if (skipLongerMatches) return false;
      }
      skipLongerMatches = true;
      return false;
    } else if (pc === QMARK) {
      si++;
    } else if (pc === LBRACKET) {
      pi++;
      const negate = pi < plen && p.charCodeAt(pi) === CARET;
      if (negate) pi++;
      const c = s.charCodeAt(si);
      let matched = false;
      for (;;) {
        if (pi >= plen) {
          // Unterminated class: the class ends with the pattern.
          pi--;
          break;
        }
        const cc = p.charCodeAt(pi);
        if (cc === BACKSLASH && plen - pi >= 2) {
          pi++;
          if (p.charCodeAt(pi) === c) matched = true;
        } else if (cc === RBRACKET) {
          break;
        } else if (plen - pi >= 3 && p.charCodeAt(pi + 1) === DASH) {
          let start = cc;
          let end = p.charCodeAt(pi + 2);
          let x = c;
          if (start > end) {
            const t = start;
            start = end;
            end = t;
          }
          if (nocase) {
            start = lower(start);
            end = lower(end);
            x = lower(x);
          }
          pi += 2;
          if (x >= start && x <= end) matched = true;
        } else if (nocase ? lower(cc) === lower(c) : cc === c) {
          matched = true;
        }
        pi++;
      }
      if (negate) matched = !matched;
      if (!matched) return false;
      si++;
    } else {
      if (pc === BACKSLASH && plen - pi >= 2) pi++;
      const lit = p.charCodeAt(pi);
      const c = s.charCodeAt(si);
      if (nocase ? lower(lit) !== lower(c) : lit !== c) return false;
      si++;
    }
    pi++;
    if (si === slen) {
      while (pi < plen && p.charCodeAt(pi) === STAR) pi++;
      break;
    }
  }
  return pi === plen && si === slen;
}

/**
 * Redis stringmatchlen(): does `subject` match glob `pattern`?
 * See the module header for the exact semantics.
 */
export function globMatch(pattern: string, subject: string, nocase = false): boolean {
  if (isLiteralPattern(pattern)) {
    return nocase ? equalsNoCase(pattern, subject) : pattern === subject;
  }
  skipLongerMatches = false;
  return matchAt(pattern, 0, subject, 0, nocase);
}

/**
 * Pre-analyse a pattern for repeated matching (SCAN/KEYS over many keys).
 * Recognises literal, "*", "prefix*", "*suffix" and "*infix*" shapes and falls
 * back to globMatch otherwise. Results are identical to globMatch.
 */
export function compileGlob(pattern: string, nocase = false): (subject: string) => boolean {
  // Strip a run of leading and trailing stars, see what is left.
  let a = 0;
  while (a < pattern.length && pattern.charCodeAt(a) === STAR) a++;
  let b = pattern.length;
  while (b > a && pattern.charCodeAt(b - 1) === STAR) b--;
  const core = pattern.slice(a, b);
  const lead = a > 0;
  const trail = b < pattern.length;
  if (!isLiteralPattern(core)) return (subject) => globMatch(pattern, subject, nocase);
  if (!lead && !trail) {
    return nocase ? (s) => equalsNoCase(core, s) : (s) => s === core;
  }
  if (core.length === 0) return (s) => s.length > 0; // only stars
  if (nocase) {
    const lc = asciiLower(core);
    if (!lead) return (s) => asciiLower(s.slice(0, lc.length)) === lc;
    if (!trail) return (s) => s.length >= lc.length && asciiLower(s.slice(s.length - lc.length)) === lc;
    return (s) => asciiLower(s).includes(lc);
  }
  if (!lead) return (s) => s.startsWith(core);
  if (!trail) return (s) => s.endsWith(core);
  return (s) => s.includes(core);
}

/** Lower-case ASCII letters only (C tolower in the "C" locale). */
function asciiLower(s: string): string {
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) break;
    i++;
  }
  if (i === s.length) return s;
  let out = s.slice(0, i);
  for (; i < s.length; i++) out += String.fromCharCode(lower(s.charCodeAt(i)));
  return out;
}
