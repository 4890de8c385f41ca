/**
 * Builds the CommandDefs of the server commands from the Redis 7.0 reference data
 * (docs/redis-7.0.json): arity, flags, key range, ACL categories and documentation come from
 * what redis-server 7.0.15 reports, so COMMAND INFO/DOCS for these commands match it exactly.
 * Handlers and internal flags ('fanout') are added by each module. Module load time, every worker.
 */

import type { ArgDoc, CommandDef, ConnHandler } from '../types.ts';
import { redisCommand } from '../docs/reference.ts';

export interface ServerDefExtra {
  conn?: ConnHandler;
  /** internal flags to add ('fanout') */
  internal?: string[];
  /** key positions for commands whose keys are not a first/last/step range */
  getKeys?: (argv: string[]) => number[];
  subcommands?: CommandDef[];
}

/** The CommandDef of a Redis 7.0 command or subcommand ("config|get"), plus handlers. */
export function serverDef(fullName: string, extra: ServerDefExtra = {}): CommandDef {
  const d = redisCommand(fullName);
  if (d === undefined) throw new Error(`no Redis 7.0 reference for ${fullName}`);
  const bar = fullName.indexOf('|');
  const def: CommandDef = {
    name: bar < 0 ? fullName : fullName.slice(bar + 1),
    arity: d.arity,
    flags: [...d.flags.filter((f) => f !== 'movablekeys'), ...(extra.internal ?? [])],
    firstKey: d.firstKey,
    lastKey: d.lastKey,
    step: d.step,
    categories: [...d.categories],
    group: d.group,
    since: d.since,
    summary: d.summary,
  };
  if (d.complexity !== undefined) def.complexity = d.complexity;
  if (d.args !== undefined) def.args = d.args as ArgDoc[];
  if (d.docFlags !== undefined) def.docFlags = [...d.docFlags];
  if (extra.conn !== undefined) def.conn = extra.conn;
  if (extra.getKeys !== undefined) def.getKeys = extra.getKeys;
  if (extra.subcommands !== undefined) def.subcommands = extra.subcommands;
  return def;
}
