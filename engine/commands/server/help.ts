/**
 * The reply of every `<COMMAND> HELP` subcommand: an array of status lines, the given ones
 * followed by the common "HELP / Prints this help." pair, as Redis prints them. Any worker.
 */

import type { Reply } from '../../resp/reply.ts';

export function helpReply(out: Reply, lines: readonly string[]): void {
  out.array(lines.length + 2);
  for (const l of lines) out.simple(l);
  out.simple('HELP');
  out.simple('    Prints this help.');
}
