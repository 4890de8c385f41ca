/**
 * control/util.ts — small shared helpers: id formats, time formats, password rules, pagination.
 *
 * Owns: the UUID pattern of instance/backup/task ids, ISO and yyyyMMddHHmmss time formatting and
 * parsing, the DCS password complexity rule, and paging a list by offset/limit.
 * Pure functions; any thread.
 */

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
export const PROJECT_PATTERN = '^[A-Za-z0-9_-]{1,64}$';

/** ISO-8601 UTC with milliseconds, or null. */
export function iso(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}

/** ISO-8601 UTC without milliseconds (slow log style). */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** yyyyMMddHHmmss (UTC) -> epoch ms, or null when malformed. */
export function parseCompactTime(s: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(s);
  if (!m) return null;
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number);
  if (y === undefined || mo === undefined || d === undefined || h === undefined || mi === undefined || se === undefined) return null;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59) return null;
  const t = Date.UTC(y, mo - 1, d, h, mi, se);
  return Number.isFinite(t) ? t : null;
}

/** epoch ms -> yyyyMMddHHmmss (UTC). */
export function compactTime(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

const SPECIALS = '`~!@#$%^&*()-_=+\\|{}<,.>/?';

/**
 * DCS password rule: 8 to 64 characters, at least three of lowercase, uppercase, digits and
 * special characters (`~!@#$%^&*()-_=+\|{}<,.>/?), nothing else.
 */
export function passwordOk(p: string): boolean {
  if (p.length < 8 || p.length > 64) return false;
  let lower = 0;
  let upper = 0;
  let digit = 0;
  let special = 0;
  for (const ch of p) {
    if (ch >= 'a' && ch <= 'z') lower = 1;
    else if (ch >= 'A' && ch <= 'Z') upper = 1;
    else if (ch >= '0' && ch <= '9') digit = 1;
    else if (SPECIALS.includes(ch)) special = 1;
    else return false;
  }
  return lower + upper + digit + special >= 3;
}

/** Slices a list by offset/limit. */
export function page<T>(items: readonly T[], offset: number, limit: number): T[] {
  return items.slice(offset, offset + limit);
}
