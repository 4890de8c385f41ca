/**
 * The command registry: every command family registers its CommandDefs here; lookup by name is
 * case-insensitive; COMMAND INFO/DOCS/COUNT/LIST and INFO commandstats are generated from it.
 * Each worker thread builds its own registry (module state), so the stats are per worker and
 * INFO sums them. HOT PATH: `lookup`.
 */

import type { Command, CommandDef } from './types.ts';

const byName = new Map<string, Command>();
export const allCommands: Command[] = [];

function build(def: CommandDef, parent: Command | null): Command {
  const cmd: Command = {
    ...def,
    firstKey: def.firstKey ?? 0,
    lastKey: def.lastKey ?? 0,
    step: def.step ?? 0,
    stats: { calls: 0, usec: 0, rejected: 0, failed: 0 },
    fullName: parent ? `${parent.name}|${def.name}` : def.name,
    parent,
    subs: null,
    write: def.flags.includes('write'),
    flagSet: new Set(def.flags),
  };
  if (def.subcommands) {
    cmd.subs = new Map();
    for (const s of def.subcommands) cmd.subs.set(s.name, build(s, cmd));
  }
  return cmd;
}

export function register(defs: CommandDef[]): void {
  for (const def of defs) {
    const name = def.name.toLowerCase();
    if (byName.has(name)) throw new Error(`command ${name} registered twice`);
    const cmd = build({ ...def, name }, null);
    byName.set(name, cmd);
    byName.set(name.toUpperCase(), cmd);
    allCommands.push(cmd);
  }
}

/** Finds a command by name in any letter case. */
export function lookup(name: string): Command | undefined {
  const c = byName.get(name);
  if (c !== undefined) return c;
  return byName.get(name.toLowerCase());
}

/** The command an argv runs: the subcommand for container commands (CONFIG GET, OBJECT ENCODING). */
export function resolve(argv: string[]): Command | undefined {
  const c = lookup(argv[0]);
  if (c === undefined || c.subs === null || argv.length < 2) return c;
  return c.subs.get(argv[1].toLowerCase());
}

/** Key positions (0-based argv indexes) of a command invocation. */
export function keyPositions(cmd: Command, argv: string[]): number[] {
  if (cmd.getKeys) return cmd.getKeys(argv);
  if (cmd.firstKey === 0) return [];
  const last = cmd.lastKey < 0 ? argv.length + cmd.lastKey : cmd.lastKey;
  const out: number[] = [];
  for (let i = cmd.firstKey; i <= last && i < argv.length; i += cmd.step) out.push(i);
  return out;
}

/** Every command and subcommand, for stats and COMMAND LIST. */
export function* everyCommand(): Generator<Command> {
  for (const c of allCommands) {
    yield c;
    if (c.subs) yield* c.subs.values();
  }
}
