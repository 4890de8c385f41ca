/**
 * The shape of a command: its Redis COMMAND-form spec and its handlers.
 *
 * Spec fields follow COMMAND INFO: arity (negative = at least), flags, first/last key and step
 * (1-based, counting the command name), ACL categories. Docs fields follow COMMAND DOCS.
 * Handlers:
 * - `shard`: runs on the worker that owns the command's keys (or on the connection's worker for a
 *   keyless command); touches only the shard's data; replies through `ctx.out`; never throws for
 *   expected cases.
 * - `conn`: runs on the connection's worker with the connection itself (AUTH, SELECT, CLIENT, INFO,
 *   MULTI ...); may fan out to every shard asynchronously.
 * - `multi`: an optional coordinator for keys spread over several shards; without one, the generic
 *   scratch executor runs `shard` over copies of the keys (see worker/multishard.ts).
 */

import type { Db } from '../keyspace/db.ts';
import type { Reply } from '../resp/reply.ts';
import type { Shard } from '../worker/shard.ts';
import type { Connection } from '../worker/connection.ts';
import type { MultiShardRun } from '../worker/multishard.ts';

export interface ExecCtx {
  shard: Shard;
  db: Db;
  dbIndex: number;
  out: Reply;
  /** the time this command runs at, in ms (Redis caches it per command) */
  now: number;
  /** the calling connection when the command runs on its worker, else null */
  conn: Connection | null;
}

export type ShardHandler = (ctx: ExecCtx, argv: string[]) => void;
export type ConnHandler = (conn: Connection, argv: string[], out: Reply) => void | Promise<void>;
export type MultiHandler = (run: MultiShardRun, argv: string[], out: Reply) => Promise<void>;

export interface ArgDoc {
  name: string;
  type: 'string' | 'integer' | 'double' | 'key' | 'pattern' | 'unix-time' | 'pure-token' | 'oneof' | 'block';
  token?: string;
  optional?: boolean;
  multiple?: boolean;
  multiple_token?: boolean;
  key_spec_index?: number;
  since?: string;
  display?: string;
  arguments?: ArgDoc[];
}

export interface CommandStats {
  calls: number;
  usec: number;
  rejected: number;
  failed: number;
}

export interface CommandDef {
  name: string;
  arity: number;
  flags: string[];
  firstKey?: number;
  lastKey?: number;
  step?: number;
  categories: string[];
  group: string;
  since: string;
  summary: string;
  complexity?: string;
  args?: ArgDoc[];
  docFlags?: string[];
  /** key positions for commands whose keys are not a first/last/step range (numkeys forms) */
  getKeys?: (argv: string[]) => number[];
  shard?: ShardHandler;
  conn?: ConnHandler;
  multi?: MultiHandler;
  subcommands?: CommandDef[];
}

export interface Command extends CommandDef {
  firstKey: number;
  lastKey: number;
  step: number;
  /** this worker's counters for INFO commandstats */
  stats: CommandStats;
  /** the full name as INFO and COMMAND print it: "get", "config|get" */
  fullName: string;
  parent: Command | null;
  subs: Map<string, Command> | null;
  write: boolean;
  /** flag set for fast checks */
  flagSet: Set<string>;
}
