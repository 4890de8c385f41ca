/**
 * The command clock: milliseconds since the epoch, as commands see it. One place so that tests of
 * expiry and the active expiry cycle agree. Any thread. HOT PATH.
 *
 * While a batch of commands read together runs (one read of a connection, one batch from a peer)
 * the clock is frozen at the batch's start, so a pipeline of N commands reads the system clock
 * once instead of N times. Commands that can take a while (connection-level ones such as
 * DEBUG SLEEP) refresh it.
 */

let frozen = 0;

export function now(): number {
  return frozen !== 0 ? frozen : Date.now();
}

/** Starts (or refreshes) a frozen batch clock. */
export function freezeClock(): void {
  frozen = Date.now();
}

/** Ends the batch clock: `now()` reads the system clock again. */
export function thawClock(): void {
  frozen = 0;
}
