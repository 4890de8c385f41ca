/**
 * control/log.ts — dcs-control's line logger.
 *
 * Owns: one line per event on stdout, `<ISO time> <LEVEL> <message>`, filtered by level.
 *
 * Invariants: callers log methods, URLs, ids, ports and statuses — never request bodies, engine
 * configuration files or passwords. `scrub()` removes anything that looks like a password
 * assignment from free text (engine error messages) before it is logged.
 */

export type Level = 'error' | 'warn' | 'info' | 'debug';

const RANK: Record<Level, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export interface Logger {
  error(msg: string): void;
  warn(msg: string): void;
  info(msg: string): void;
  debug(msg: string): void;
}

export function createLogger(level: Level, write: (line: string) => void = (l) => process.stdout.write(l)): Logger {
  const max = RANK[level];
  const at = (l: Level) => (msg: string) => {
    if (RANK[l] > max) return;
    write(`${new Date().toISOString()} ${l.toUpperCase().padEnd(5)} ${msg}\n`);
  };
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}

/** Removes password-like material from free text. */
export function scrub(text: string): string {
  return text.replace(/(requirepass|password|auth)(\s*[=: ]\s*)("[^"]*"|\S+)/gi, '$1$2***');
}
