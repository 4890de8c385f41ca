// The command registry as a whole: every registered command is tested somewhere under test/, and
// every command's spec (COMMAND INFO and COMMAND DOCS fields) is Redis 7.0.15's, as recorded in
// engine/commands/docs/redis-7.0.json (regenerate with engine/commands/docs/generate.ts).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../engine/commands/index.ts';
import { allCommands, everyCommand } from '../../engine/commands/registry.ts';
import type { ArgDoc, Command } from '../../engine/commands/types.ts';
import { redisCommand, redisCommands, type RedisArgDoc } from '../../engine/commands/docs/reference.ts';
import { shownCategories, shownFlags, keySpecsOf } from '../../engine/commands/server/command.ts';
import { REPO_ROOT } from '../helpers/servers.ts';

function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'helpers') out.push(...testFiles(p));
    } else if (name.endsWith('.test.ts') && name !== 'command-registry.test.ts') out.push(p);
  }
  return out;
}

/**
 * Commands that no test can exercise, each with the reason. Keep this list short: a command
 * belongs here only if running it would make the test environment unusable.
 */
const UNTESTABLE: Record<string, string> = {};

const corpus = testFiles(path.join(REPO_ROOT, 'test'))
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n');

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The name appears as a script element: 'GET', "get", or at the start of a quoted command line. */
function mentioned(words: string[]): boolean {
  const w = words.map(escape).join('[\'"]?[ ,]+[\'"]?');
  return new RegExp(`['"\`]${w}['"\` ]`, 'i').test(corpus);
}

describe('every registered command has a test', () => {
  for (const cmd of everyCommand()) {
    if (UNTESTABLE[cmd.fullName] !== undefined) continue;
    it(cmd.fullName, () => {
      const words = cmd.parent === null ? [cmd.name] : [cmd.parent.name, cmd.name];
      expect(mentioned(words), `no test under test/ mentions ${words.join(' ').toUpperCase()}`).toBe(true);
    });
  }
});

function normalizeArgs(args: readonly (ArgDoc | RedisArgDoc)[] | undefined): unknown {
  if (args === undefined || args.length === 0) return [];
  return args.map((a) => {
    const r = a as RedisArgDoc;
    const o: Record<string, unknown> = { name: r.name, type: r.type };
    if (r.key_spec_index !== undefined) o['key_spec_index'] = r.key_spec_index;
    if (r.token !== undefined) o['token'] = r.token;
    if (r.summary !== undefined) o['summary'] = r.summary;
    if (r.since !== undefined) o['since'] = r.since;
    if (r.deprecated_since !== undefined) o['deprecated_since'] = r.deprecated_since;
    if (r.optional) o['optional'] = true;
    if (r.multiple) o['multiple'] = true;
    if (r.multiple_token) o['multiple_token'] = true;
    if ((r.type === 'oneof' || r.type === 'block') && r.arguments) o['arguments'] = normalizeArgs(r.arguments);
    return o;
  });
}

function infoOf(cmd: Command): unknown {
  return {
    arity: cmd.arity,
    flags: shownFlags(cmd),
    keys: [cmd.firstKey, cmd.lastKey, cmd.step],
    categories: shownCategories(cmd),
    subcommands: cmd.subs === null ? [] : [...cmd.subs.keys()].sort(),
  };
}

describe('every command is specified as in Redis 7.0', () => {
  for (const cmd of everyCommand()) {
    const ref = redisCommand(cmd.fullName);
    if (ref === undefined) continue;
    it(`${cmd.fullName}: COMMAND INFO fields`, () => {
      const subs = Object.keys(redisCommands())
        .filter((n) => n.startsWith(`${cmd.fullName}|`))
        .map((n) => n.slice(cmd.fullName.length + 1))
        .sort();
      expect(infoOf(cmd)).toEqual({
        arity: ref.arity,
        flags: ref.flags,
        keys: [ref.firstKey, ref.lastKey, ref.step],
        categories: ref.categories,
        subcommands: subs,
      });
    });
    it(`${cmd.fullName}: COMMAND DOCS fields`, () => {
      expect({
        summary: cmd.summary,
        since: cmd.since,
        group: cmd.group,
        complexity: cmd.complexity,
        args: normalizeArgs(cmd.args),
      }).toEqual({
        summary: ref.summary,
        since: ref.since,
        group: ref.group,
        complexity: ref.complexity,
        args: normalizeArgs(ref.args),
      });
    });
  }
});

describe('registry invariants', () => {
  it('every command name is lower case and registered once', () => {
    const names = allCommands.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toBe(n.toLowerCase());
  });

  it('internal flags (with a dash) never reach COMMAND INFO', () => {
    for (const cmd of everyCommand()) for (const f of shownFlags(cmd)) expect(f).not.toContain('-');
  });

  it('a command with keys has a key spec', () => {
    for (const cmd of everyCommand()) {
      if (cmd.firstKey !== 0) expect(keySpecsOf(cmd).length, cmd.fullName).toBeGreaterThan(0);
    }
  });

  it('categories implied by flags are shown (@write for write, @fast or @slow ...)', () => {
    const fake = {
      ...allCommands[0]!,
      flags: ['write', 'admin'],
      flagSet: new Set(['write', 'admin']),
      categories: ['@string'],
    } as Command;
    expect(shownCategories(fake)).toEqual(['@write', '@string', '@admin', '@slow', '@dangerous']);
  });

  it('flags are shown in Redis order, movablekeys for commands with a key finder', () => {
    const fake = {
      ...allCommands[0]!,
      flags: ['fast', 'fanout', 'readonly', 'sentinel'],
      flagSet: new Set(['fast', 'fanout', 'readonly', 'sentinel']),
      getKeys: () => [],
    } as Command;
    expect(shownFlags(fake)).toEqual(['readonly', 'fast', 'movablekeys']);
  });
});
