/**
 * The command clock: milliseconds since the epoch, as commands see it. One place so that tests of
 * expiry (DEBUG SET-ACTIVE-EXPIRE) and the active expiry cycle agree. Any thread. HOT PATH.
 */

export function now(): number {
  return Date.now();
}
