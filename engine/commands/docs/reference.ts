/**
 * The reference description of Redis 7.0's commands (generated into `redis-7.0.json` by
 * generate.ts from a real redis-server 7.0.15), keyed by full name ("get", "config|get").
 *
 * The engine's registry is the source of truth for what it runs; this data supplies what the
 * CommandDefs do not spell out — key specs (COMMAND INFO, COMMAND GETKEYSANDFLAGS), command tips,
 * doc history and deprecation (COMMAND DOCS) — and lets tests compare the registry with Redis.
 * Loaded once per worker thread; read-only.
 */

import { readFileSync } from 'node:fs';

export interface RedisKeySpec {
  notes?: string;
  flags: string[];
  bs: { type: 'index' | 'keyword' | 'unknown'; index?: number; keyword?: string; startfrom?: number };
  fk: { type: 'range' | 'keynum' | 'unknown'; lastkey?: number; keystep?: number; limit?: number; keynumidx?: number; firstkey?: number };
}

export interface RedisArgDoc {
  name: string;
  type: 'string' | 'integer' | 'double' | 'key' | 'pattern' | 'unix-time' | 'pure-token' | 'oneof' | 'block';
  key_spec_index?: number;
  token?: string;
  summary?: string;
  since?: string;
  deprecated_since?: string;
  optional?: boolean;
  multiple?: boolean;
  multiple_token?: boolean;
  arguments?: RedisArgDoc[];
}

export interface RedisCommandData {
  arity: number;
  flags: string[];
  firstKey: number;
  lastKey: number;
  step: number;
  categories: string[];
  tips?: string[];
  keySpecs?: RedisKeySpec[];
  summary: string;
  since: string;
  group: string;
  complexity?: string;
  docFlags?: string[];
  deprecatedSince?: string;
  replacedBy?: string;
  history?: [string, string][];
  args?: RedisArgDoc[];
}

let data: Record<string, RedisCommandData> | null = null;

/** Every Redis 7.0 command and subcommand by full name. */
export function redisCommands(): Record<string, RedisCommandData> {
  if (data === null) {
    data = JSON.parse(readFileSync(new URL('./redis-7.0.json', import.meta.url), 'utf8')) as Record<string, RedisCommandData>;
  }
  return data;
}

/** The reference entry for a command's full name, if Redis 7.0 has it. */
export function redisCommand(fullName: string): RedisCommandData | undefined {
  return redisCommands()[fullName];
}
