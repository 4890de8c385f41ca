/**
 * COMMAND and its subcommands (COUNT, INFO, DOCS, LIST, GETKEYS, GETKEYSANDFLAGS, HELP), all
 * generated from the registry. What a CommandDef does not spell out — key specs, command tips, doc
 * history and deprecation — comes from the Redis 7.0 reference data (docs/reference.ts) when the
 * command exists in Redis; key specs of other commands are derived from first/last/step.
 *
 * Output rules (as redis-server 7.0.15 prints them): flags and ACL categories in Redis's fixed
 * order; internal flags (with a '-') and flags Redis hides (sentinel, may_replicate ...) never
 * appear; categories implied by the flags (@write, @read, @fast/@slow, @admin/@dangerous,
 * @pubsub, @blocking) are always present. Runs on the connection's worker; no shard access.
 */

import { register, allCommands, everyCommand, lookup, resolve, keyPositions } from '../registry.ts';
import type { Command, ArgDoc } from '../types.ts';
import type { Reply } from '../../resp/reply.ts';
import { Err } from '../../errors.ts';
import { redisCommand, type RedisArgDoc, type RedisKeySpec } from '../docs/reference.ts';
import { compileGlob } from '../../config/glob.ts';
import { is } from '../util/args.ts';
import { serverDef } from './spec.ts';
import { helpReply } from './help.ts';

/** Redis's order of COMMAND INFO flags; anything else is not shown. */
const FLAG_ORDER = [
  'write', 'readonly', 'denyoom', 'module', 'admin', 'pubsub', 'noscript', 'blocking', 'loading', 'stale',
  'skip_monitor', 'skip_slowlog', 'asking', 'fast', 'no_auth', 'no_mandatory_keys', 'no_async_loading', 'no_multi',
  'movablekeys', 'allow_busy',
];
const FLAG_RANK = new Map(FLAG_ORDER.map((f, i) => [f, i]));

/** Redis's order of ACL categories. */
const CATEGORY_ORDER = [
  '@keyspace', '@read', '@write', '@set', '@sortedset', '@list', '@hash', '@string', '@bitmap', '@hyperloglog',
  '@geo', '@stream', '@pubsub', '@admin', '@fast', '@slow', '@blocking', '@dangerous', '@connection',
  '@transaction', '@scripting',
];
const CATEGORY_RANK = new Map(CATEGORY_ORDER.map((c, i) => [c, i]));

/** The flags COMMAND INFO shows for a command, in Redis's order. */
export function shownFlags(cmd: Command): string[] {
  const set = new Set<string>();
  for (const f of cmd.flags) if (FLAG_RANK.has(f)) set.add(f);
  if (cmd.getKeys !== undefined) set.add('movablekeys');
  return [...set].sort((a, b) => FLAG_RANK.get(a)! - FLAG_RANK.get(b)!);
}

/** The ACL categories of a command (explicit and implied by its flags), in Redis's order. */
export function shownCategories(cmd: Command): string[] {
  const set = new Set<string>();
  for (const c of cmd.categories) set.add(c.startsWith('@') ? c : `@${c}`);
  const f = cmd.flagSet;
  if (f.has('write')) set.add('@write');
  if (f.has('readonly') && !set.has('@scripting')) set.add('@read');
  if (f.has('admin')) {
    set.add('@admin');
    set.add('@dangerous');
  }
  if (f.has('pubsub')) set.add('@pubsub');
  if (f.has('fast')) set.add('@fast');
  else set.add('@slow');
  if (f.has('blocking')) set.add('@blocking');
  return [...set].sort((a, b) => (CATEGORY_RANK.get(a) ?? 99) - (CATEGORY_RANK.get(b) ?? 99));
}

/** Key specs: Redis's when the command exists there, else one derived from first/last/step. */
export function keySpecsOf(cmd: Command): RedisKeySpec[] {
  const ref = redisCommand(cmd.fullName);
  if (ref !== undefined) return ref.keySpecs ?? [];
  if (cmd.firstKey === 0) return [];
  const flags = cmd.write ? ['RW', 'update'] : ['RO', 'access'];
  const lastkey = cmd.lastKey < 0 ? cmd.lastKey : cmd.lastKey - cmd.firstKey;
  return [{ flags, bs: { type: 'index', index: cmd.firstKey }, fk: { type: 'range', lastkey, keystep: cmd.step || 1, limit: 0 } }];
}

function writeKeySpec(out: Reply, ks: RedisKeySpec): void {
  out.map(ks.notes !== undefined ? 4 : 3);
  if (ks.notes !== undefined) {
    out.bulk('notes');
    out.bulk(ks.notes);
  }
  out.bulk('flags');
  out.set(ks.flags.length);
  for (const f of ks.flags) out.simple(f);
  out.bulk('begin_search');
  out.map(2);
  out.bulk('type');
  out.bulk(ks.bs.type);
  out.bulk('spec');
  if (ks.bs.type === 'index') {
    out.map(1);
    out.bulk('index');
    out.int(ks.bs.index ?? 0);
  } else if (ks.bs.type === 'keyword') {
    out.map(2);
    out.bulk('keyword');
    out.bulk(ks.bs.keyword ?? '');
    out.bulk('startfrom');
    out.int(ks.bs.startfrom ?? 0);
  } else out.map(0);
  out.bulk('find_keys');
  out.map(2);
  out.bulk('type');
  out.bulk(ks.fk.type);
  out.bulk('spec');
  if (ks.fk.type === 'range') {
    out.map(3);
    out.bulk('lastkey');
    out.int(ks.fk.lastkey ?? 0);
    out.bulk('keystep');
    out.int(ks.fk.keystep ?? 1);
    out.bulk('limit');
    out.int(ks.fk.limit ?? 0);
  } else if (ks.fk.type === 'keynum') {
    out.map(3);
    out.bulk('keynumidx');
    out.int(ks.fk.keynumidx ?? 0);
    out.bulk('firstkey');
    out.int(ks.fk.firstkey ?? 1);
    out.bulk('keystep');
    out.int(ks.fk.keystep ?? 1);
  } else out.map(0);
}

/** One command's COMMAND INFO entry (10 elements). */
export function writeCommandInfo(out: Reply, cmd: Command): void {
  const ref = redisCommand(cmd.fullName);
  out.array(10);
  out.bulk(cmd.fullName);
  out.int(cmd.arity);
  const flags = shownFlags(cmd);
  out.set(flags.length);
  for (const f of flags) out.simple(f);
  out.int(cmd.firstKey);
  out.int(cmd.lastKey);
  out.int(cmd.step);
  const cats = shownCategories(cmd);
  out.set(cats.length);
  for (const c of cats) out.simple(c);
  const tips = ref?.tips ?? [];
  out.set(tips.length);
  for (const t of tips) out.bulk(t);
  const specs = keySpecsOf(cmd);
  out.set(specs.length);
  for (const ks of specs) writeKeySpec(out, ks);
  if (cmd.subs === null || cmd.subs.size === 0) out.set(0);
  else {
    out.array(cmd.subs.size);
    for (const sub of cmd.subs.values()) writeCommandInfo(out, sub);
  }
}

function argFlags(a: ArgDoc): string[] {
  const f: string[] = [];
  if (a.optional) f.push('optional');
  if (a.multiple) f.push('multiple');
  if (a.multiple_token) f.push('multiple_token');
  return f;
}

function writeArgs(out: Reply, args: readonly ArgDoc[]): void {
  out.array(args.length);
  for (const a of args) {
    const extra = a as ArgDoc & Pick<RedisArgDoc, 'summary' | 'deprecated_since'>;
    const flags = argFlags(a);
    const nested = (a.type === 'oneof' || a.type === 'block') && a.arguments !== undefined;
    let n = 2;
    if (a.key_spec_index !== undefined) n++;
    if (a.token !== undefined) n++;
    if (extra.summary !== undefined) n++;
    if (a.since !== undefined) n++;
    if (extra.deprecated_since !== undefined) n++;
    if (flags.length) n++;
    if (nested) n++;
    out.map(n);
    out.bulk('name');
    out.bulk(a.name);
    out.bulk('type');
    out.bulk(a.type);
    if (a.key_spec_index !== undefined) {
      out.bulk('key_spec_index');
      out.int(a.key_spec_index);
    }
    if (a.token !== undefined) {
      out.bulk('token');
      out.bulk(a.token);
    }
    if (extra.summary !== undefined) {
      out.bulk('summary');
      out.bulk(extra.summary);
    }
    if (a.since !== undefined) {
      out.bulk('since');
      out.bulk(a.since);
    }
    if (extra.deprecated_since !== undefined) {
      out.bulk('deprecated_since');
      out.bulk(extra.deprecated_since);
    }
    if (flags.length) {
      out.bulk('flags');
      out.set(flags.length);
      for (const f of flags) out.simple(f);
    }
    if (nested) {
      out.bulk('arguments');
      writeArgs(out, a.arguments!);
    }
  }
}

/** One command's COMMAND DOCS value (a map). */
export function writeCommandDocs(out: Reply, cmd: Command): void {
  const ref = redisCommand(cmd.fullName);
  const docFlags = cmd.docFlags ?? ref?.docFlags ?? [];
  const history = ref?.history ?? [];
  const args = cmd.args ?? [];
  const hasSubs = cmd.subs !== null && cmd.subs.size > 0;
  let n = 3;
  if (cmd.complexity !== undefined) n++;
  if (docFlags.length) n++;
  if (ref?.deprecatedSince !== undefined) n++;
  if (ref?.replacedBy !== undefined) n++;
  if (history.length) n++;
  if (args.length) n++;
  if (hasSubs) n++;
  out.map(n);
  out.bulk('summary');
  out.bulk(cmd.summary);
  out.bulk('since');
  out.bulk(cmd.since);
  out.bulk('group');
  out.bulk(cmd.group);
  if (cmd.complexity !== undefined) {
    out.bulk('complexity');
    out.bulk(cmd.complexity);
  }
  if (docFlags.length) {
    out.bulk('doc_flags');
    out.set(docFlags.length);
    for (const f of docFlags) out.simple(f);
  }
  if (ref?.deprecatedSince !== undefined) {
    out.bulk('deprecated_since');
    out.bulk(ref.deprecatedSince);
  }
  if (ref?.replacedBy !== undefined) {
    out.bulk('replaced_by');
    out.bulk(ref.replacedBy);
  }
  if (history.length) {
    out.bulk('history');
    out.set(history.length);
    for (const [v, text] of history) {
      out.array(2);
      out.bulk(v);
      out.bulk(text);
    }
  }
  if (args.length) {
    out.bulk('arguments');
    writeArgs(out, args);
  }
  if (hasSubs) {
    out.bulk('subcommands');
    out.map(cmd.subs!.size);
    for (const sub of cmd.subs!.values()) {
      out.bulk(sub.fullName);
      writeCommandDocs(out, sub);
    }
  }
}

/** Finds a command by "name" or "container|sub", as COMMAND INFO/DOCS accept them. */
export function findByFullName(name: string): Command | undefined {
  const bar = name.indexOf('|');
  if (bar < 0) return lookup(name);
  const parent = lookup(name.slice(0, bar));
  if (parent === undefined || parent.subs === null) return undefined;
  return parent.subs.get(name.slice(bar + 1).toLowerCase());
}

function commandInfo(argv: string[], first: number, out: Reply): void {
  if (argv.length <= first) {
    out.array(allCommands.length);
    for (const c of allCommands) writeCommandInfo(out, c);
    return;
  }
  out.array(argv.length - first);
  for (let i = first; i < argv.length; i++) {
    const c = findByFullName(argv[i]);
    if (c === undefined) out.nil();
    else writeCommandInfo(out, c);
  }
}

function commandDocs(argv: string[], out: Reply): void {
  const found: Command[] = [];
  if (argv.length <= 2) found.push(...allCommands);
  else {
    for (let i = 2; i < argv.length; i++) {
      const c = findByFullName(argv[i]);
      if (c !== undefined) found.push(c);
    }
  }
  out.map(found.length);
  for (const c of found) {
    out.bulk(c.fullName);
    writeCommandDocs(out, c);
  }
}

function commandList(argv: string[], out: Reply): void {
  let filter: ((c: Command) => boolean) | null = null;
  if (argv.length === 5 && is(argv[2], 'FILTERBY')) {
    const value = argv[4];
    if (is(argv[3], 'MODULE')) filter = () => false;
    else if (is(argv[3], 'ACLCAT')) {
      const cat = `@${value.toLowerCase()}`;
      filter = (c) => shownCategories(c).includes(cat);
    } else if (is(argv[3], 'PATTERN')) {
      const m = compileGlob(value, true);
      filter = (c) => m(c.fullName);
    }
  } else if (argv.length === 2) filter = () => true;
  if (filter === null) {
    out.error(Err.SYNTAX);
    return;
  }
  const names: string[] = [];
  for (const c of everyCommand()) if (filter(c)) names.push(c.fullName);
  out.bulks(names);
}

/** Finds, for each key position, the flags of the key spec that covers it. */
function keySpecFlags(cmd: Command, argv: string[]): Map<number, string[]> {
  const byPos = new Map<number, string[]>();
  const argc = argv.length;
  for (const ks of keySpecsOf(cmd)) {
    let start = -1;
    if (ks.bs.type === 'index') start = ks.bs.index ?? 0;
    else if (ks.bs.type === 'keyword') {
      const kw = (ks.bs.keyword ?? '').toUpperCase();
      const from = ks.bs.startfrom ?? 0;
      if (from >= 0) {
        for (let i = from; i < argc; i++) if (argv[i].toUpperCase() === kw) { start = i + 1; break; }
      } else {
        for (let i = argc + from; i > 0; i--) if (argv[i].toUpperCase() === kw) { start = i + 1; break; }
      }
    }
    if (start < 0 || start >= argc) continue;
    let last = -1;
    let step = 1;
    let first = start;
    if (ks.fk.type === 'range') {
      const lk = ks.fk.lastkey ?? 0;
      const limit = ks.fk.limit ?? 0;
      step = ks.fk.keystep ?? 1;
      if (lk >= 0) last = start + lk;
      else if (limit <= 1) last = argc + lk;
      else last = start + Math.floor((argc - start) / limit) + lk;
    } else if (ks.fk.type === 'keynum') {
      const idx = start + (ks.fk.keynumidx ?? 0);
      if (idx >= argc) continue;
      const numkeys = Number(argv[idx]);
      if (!Number.isInteger(numkeys) || numkeys < 0) continue;
      first = start + (ks.fk.firstkey ?? 1);
      step = ks.fk.keystep ?? 1;
      last = first + (numkeys - 1) * step;
    } else continue;
    for (let i = first; i <= last && i < argc; i += Math.max(1, step)) if (!byPos.has(i)) byPos.set(i, ks.flags);
  }
  return byPos;
}

function fallbackFlags(cmd: Command): string[] {
  const specs = keySpecsOf(cmd);
  for (let i = specs.length - 1; i >= 0; i--) if (specs[i].bs.type === 'unknown') return specs[i].flags;
  if (specs.length) return specs[0].flags;
  return cmd.write ? ['RW', 'update'] : ['RO', 'access'];
}

/**
 * Key flags of the commands whose key spec says variable_flags: they depend on the arguments
 * (SET without GET only overwrites; BITFIELD without SET/INCRBY only reads).
 */
function variableFlags(cmd: Command, argv: string[]): string[] {
  const has = (...words: string[]): boolean => argv.slice(2).some((a) => words.some((w) => is(a, w)));
  if (cmd.fullName === 'set') return has('GET') ? ['RW', 'access', 'update'] : ['OW', 'update'];
  if (cmd.fullName === 'bitfield') return has('SET', 'INCRBY') ? ['RW', 'access', 'update'] : ['RO', 'access'];
  return cmd.write ? ['RW', 'access', 'update'] : ['RO', 'access'];
}

function hasKeys(cmd: Command): boolean {
  return cmd.firstKey !== 0 || cmd.getKeys !== undefined || (redisCommand(cmd.fullName)?.keySpecs?.length ?? 0) > 0;
}

function getKeys(argv: string[], out: Reply, withFlags: boolean): void {
  const sub = argv.slice(2);
  const cmd = resolve(sub);
  if (cmd === undefined) {
    out.error(Err.GETKEYS_INVALID_COMMAND);
    return;
  }
  if (!hasKeys(cmd)) {
    out.error(Err.GETKEYS_NO_KEYS);
    return;
  }
  if ((cmd.arity > 0 && cmd.arity !== sub.length) || sub.length < -cmd.arity) {
    out.error(Err.GETKEYS_ARITY);
    return;
  }
  let positions: number[];
  try {
    positions = keyPositions(cmd, sub);
  } catch {
    positions = [];
  }
  if (positions.length === 0) {
    if (cmd.flagSet.has('no_mandatory_keys')) out.array(0);
    else out.error(Err.GETKEYS_INVALID_ARGS);
    return;
  }
  out.array(positions.length);
  if (!withFlags) {
    for (const p of positions) out.bulk(sub[p]);
    return;
  }
  const byPos = keySpecFlags(cmd, sub);
  for (const p of positions) {
    let flags = byPos.get(p) ?? fallbackFlags(cmd);
    if (flags.includes('variable_flags')) flags = variableFlags(cmd, sub);
    out.array(2);
    out.bulk(sub[p]);
    out.set(flags.length);
    for (const f of flags) out.simple(f);
  }
}

const HELP = [
  'COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  '(no subcommand)',
  '    Return details about all Redis commands.',
  'COUNT',
  '    Return the total number of commands in this Redis server.',
  'LIST',
  '    Return a list of all commands in this Redis server.',
  'INFO [<command-name> ...]',
  '    Return details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'DOCS [<command-name> ...]',
  '    Return documentation details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'GETKEYS <full-command>',
  '    Return the keys from a full Redis command.',
  'GETKEYSANDFLAGS <full-command>',
  '    Return the keys and the access flags from a full Redis command.',
];

const commandDef = serverDef('command', {
  conn(_conn, argv, out) {
    // COMMAND without a subcommand: every command's info
    commandInfo(argv, 1, out);
  },
  subcommands: [
    serverDef('command|count', { conn: (_c, _a, out) => out.int(allCommands.length) }),
    serverDef('command|info', { conn: (_c, argv, out) => commandInfo(argv, 2, out) }),
    serverDef('command|docs', { conn: (_c, argv, out) => commandDocs(argv, out) }),
    serverDef('command|list', { conn: (_c, argv, out) => commandList(argv, out) }),
    serverDef('command|getkeys', { conn: (_c, argv, out) => getKeys(argv, out, false) }),
    serverDef('command|getkeysandflags', { conn: (_c, argv, out) => getKeys(argv, out, true) }),
    serverDef('command|help', { conn: (_c, _a, out) => helpReply(out, HELP) }),
  ],
});

register([commandDef]);
