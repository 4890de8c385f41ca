/*
 * engine/config/load.ts — start-up configuration: redis-server-style command
 * line and redis.conf files.
 *
 * Owns: loadConfig(argv) and ConfigError.
 *   argv (process.argv.slice(2)) is read like redis-server 7.0 reads it:
 *     - `-v`/`--version` or `-h`/`--help` as the first argument: a special result;
 *     - an optional config file path first (any first argument not starting
 *       with '-'); `-` as the first or the last argument reads config from stdin;
 *     - then `--name [value ...]` options: every argument after `--name` up to
 *       the next argument starting with `--` belongs to that option, except that
 *       the first argument after `--name` is always a value (so `--requirepass
 *       --x` sets the password "--x"); `--save` directly followed by another
 *       option or by nothing means `--save ""`; `"--port 6380"` as one argument
 *       works too.
 *   Files use redis.conf syntax: one directive per line, `#` comments, quoting
 *   with "..." (escapes \n \r \t \b \a \xHH \<c>) and '...' (escape \'),
 *   `include <path|glob>` processed in place, directive names case-insensitive.
 *   Order of application: the file (with includes), then stdin, then the
 *   command line options; later settings override earlier ones, except `save`
 *   lines which accumulate (the first `save` seen replaces the default,
 *   `save ""` clears), exactly as Redis does.
 *
 * Invariants: loadConfig either returns a complete, valid EngineConfig or
 * throws ConfigError whose message is one line naming the option and the
 * problem (with " at <file>:<line>" when it comes from a file). Parameters
 * dcs-engine does not implement are accepted only at their default; the check
 * is made on the final values, so a later line may restore the default.
 * A relative `dir` or `include` path is resolved against the current `dir`
 * (Redis chdir()s while loading); the config module itself never chdir()s —
 * the engine should use the absolute `dir` value.
 *
 * Threads: main thread only, once at start-up (synchronous file I/O).
 */

import fs from 'node:fs';
import path from 'node:path';
import { EngineConfig } from './store.ts';
import {
  DEPRECATED_DIRECTIVES, PARAMS, UNSUPPORTED_DIRECTIVES, WRONG_ARGS, fileArgs, lookupParam, notSupportedMessage,
  parseValue,
} from './params.ts';
import { globMatch } from './glob.ts';
import { binaryToUtf8, errnoText, splitArgs } from './text.ts';

/** A configuration problem; `message` is one line meant for the operator. */
export class ConfigError extends Error {
  readonly file: string | null;
  readonly line: number | null;

  constructor(message: string, file: string | null = null, line: number | null = null) {
    super(message);
    this.name = 'ConfigError';
    this.file = file;
    this.line = line;
  }
}

export type LoadResult =
  | { readonly kind: 'config'; readonly config: EngineConfig; readonly configFile: string | null }
  | { readonly kind: 'version' }
  | { readonly kind: 'help' };

export interface LoadOptions {
  /** Working directory for relative paths and the default `dir` (default: process.cwd()). */
  readonly cwd?: string;
  /** Reads the whole of stdin for the `-` argument (default: fs.readFileSync(0)). */
  readonly readStdin?: () => string;
}

export const USAGE = [
  'Usage: dcs-engine [/path/to/redis.conf] [options] [-]',
  '       dcs-engine - (read config from stdin)',
  '       dcs-engine -v or --version',
  '       dcs-engine -h or --help',
  '',
  'Examples:',
  '       dcs-engine (run the engine with the default configuration)',
  '       dcs-engine /etc/redis/6379.conf',
  '       dcs-engine --port 7777 --shards 4',
  '       dcs-engine /etc/myredis.conf --loglevel verbose -',
  '       dcs-engine /etc/myredis.conf --save 60 1000 --save 300 10',
].join('\n');

/** Where a directive came from: a file/stdin line, or the command line (source null). */
interface Origin {
  readonly source: string | null;
  readonly line: number;
}

interface Option {
  readonly name: string;
  readonly args: string[];
}

const MAX_INCLUDE_DEPTH = 32;

function at(origin: Origin): string {
  return origin.source === null ? '' : ` at ${origin.source}:${origin.line}`;
}

function configError(message: string, origin: Origin): ConfigError {
  return new ConfigError(message + at(origin), origin.source, origin.source === null ? null : origin.line);
}

/** Redis' reason without its "argument must ..." boilerplate. */
function shortReason(reason: string): string {
  return reason.replace(/^argument\(s\) /, '').replace(/^argument /, '').replace(/ inclusive$/, '');
}

function shownArgs(args: readonly string[]): string {
  return args.map((a) => (a === '' ? '""' : a)).join(' ');
}

/** Split argv into config file, stdin flag and options (redis-server rules). */
function parseArgv(argv: readonly string[]): { file: string | null; stdin: boolean; options: Option[] } {
  let j = 0;
  let file: string | null = null;
  if (argv.length > 0 && !(argv[0] as string).startsWith('-')) {
    file = argv[0] as string;
    j = 1;
  }
  let stdin = false;
  const options: Option[] = [];
  let current: Option | null = null;
  // false right after a bare `--name`: the next argument is its value, whatever it looks like
  let lastHasValue = true;
  for (; j < argv.length; j++) {
    const a = argv[j] as string;
    if (a === '-' && (j === 0 || j === argv.length - 1)) {
      stdin = true;
      continue;
    }
    if (lastHasValue && a.startsWith('--')) {
      const words = splitArgs(a.slice(2));
      if (words === null) throw new ConfigError(`Unbalanced quotes in command line option '${a}'`);
      current = { name: (words[0] ?? '').toLowerCase(), args: words.slice(1) };
      options.push(current);
      if (words.length > 1) {
        lastHasValue = true;
        continue;
      }
      lastHasValue = false;
      if (a.toLowerCase() === '--save') {
        const next = argv[j + 1];
        if (next === undefined) {
          current.args.push('');
        } else if (next.startsWith('--')) {
          current.args.push('');
          lastHasValue = true;
        }
      }
      continue;
    }
    if (current === null) {
      throw new ConfigError(
        `Unexpected argument '${a}': the config file must come first and options must be given as --name value`,
      );
    }
    current.args.push(a);
    lastHasValue = true;
  }
  return { file, stdin, options };
}

/** Expand an include glob (wildcards allowed in any path component), sorted. */
function expandIncludeGlob(absPattern: string): string[] {
  const parts = absPattern.split('/');
  let bases = [parts[0] === '' ? '/' : (parts[0] as string)];
  for (let i = 1; i < parts.length; i++) {
    const seg = parts[i] as string;
    if (seg === '') continue;
    const next: string[] = [];
    if (/[*?[]/.test(seg)) {
      for (const base of bases) {
        let names: string[];
        try {
          names = fs.readdirSync(base);
        } catch {
          continue;
        }
        for (const name of names.sort()) {
          if (name.startsWith('.') && !seg.startsWith('.')) continue;
          if (globMatch(seg, name)) next.push(path.join(base, name));
        }
      }
    } else {
      for (const base of bases) next.push(path.join(base, seg));
    }
    bases = next;
  }
  return bases.filter((p) => fs.existsSync(p)).sort();
}

class Loader {
  readonly values: Map<string, string>;
  /** Redis' working directory while loading: the current `dir`. */
  cwd: string;
  saveSeen = false;
  depth = 0;
  readonly lastSet = new Map<string, { name: string; args: string[]; origin: Origin }>();
  readonly warnings: string[] = [];

  constructor(cwd: string) {
    const defaults = EngineConfig.defaults(cwd).toRecord();
    this.values = new Map(Object.entries(defaults));
    this.cwd = this.values.get('dir') as string;
  }

  readFile(file: string, shownAs: string, origin: Origin | null): void {
    let text: string;
    try {
      text = fs.readFileSync(file, 'latin1');
    } catch (err) {
      const msg = `Can't open config file '${shownAs}': ${errnoText(err)}`;
      throw origin ? configError(msg, origin) : new ConfigError(msg);
    }
    this.readText(text, file, true);
  }

  /** Process config text. `binary`: one char per byte (file contents). */
  readText(text: string, source: string, binary: boolean): void {
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = (lines[i] as string).replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
      if (line === '' || line.startsWith('#')) continue;
      const origin: Origin = { source, line: i + 1 };
      const words = splitArgs(line);
      if (words === null) throw configError('Unbalanced quotes in configuration line', origin);
      if (words.length === 0) continue;
      const decoded = binary ? words.map(binaryToUtf8) : words;
      this.directive((decoded[0] as string).toLowerCase(), decoded.slice(1), origin);
    }
  }

  directive(name: string, args: string[], origin: Origin): void {
    const spec = lookupParam(name);
    if (spec) {
      if (!spec.multiArg && args.length !== 1) throw configError(`Wrong number of arguments for '${name}'`, origin);
      const words = fileArgs(spec, args);
      if (words === null) throw configError(`Unbalanced quotes in the value of '${name}'`, origin);
      const current = this.values.get(spec.name) as string;
      const r = parseValue(spec, words, { current, cwd: this.cwd });
      if (!r.ok) {
        if (r.error === WRONG_ARGS) throw configError(`Wrong number of arguments for '${name}'`, origin);
        throw configError(`Invalid argument for '${name}': '${shownArgs(args)}' (${shortReason(r.error)})`, origin);
      }
      let value = r.value;
      if (spec.name === 'save') {
        // Redis: the first `save` replaces the default, later ones add points, `save ""` clears.
        const reset = words.length === 1 && words[0] === '';
        if (!reset && this.saveSeen && current !== '') value = value === '' ? current : `${current} ${value}`;
        this.saveSeen = true;
      }
      if (spec.name === 'dir') this.cwd = value;
      this.values.set(spec.name, value);
      this.lastSet.set(spec.name, { name, args, origin });
      return;
    }
    if (DEPRECATED_DIRECTIVES.has(name) && args.length === 1) {
      this.warnings.push(`Deprecated configuration directive '${name}' ignored${at(origin)}`);
      return;
    }
    if (name === 'include') {
      if (args.length !== 1) throw configError(`Wrong number of arguments for 'include'`, origin);
      this.include(args[0] as string, origin);
      return;
    }
    if (UNSUPPORTED_DIRECTIVES.has(name)) throw configError(`'${name}' is not supported yet by dcs-engine`, origin);
    throw configError(`Unknown option '${name}'`, origin);
  }

  include(pattern: string, origin: Origin): void {
    if (this.depth >= MAX_INCLUDE_DEPTH) {
      throw configError(`Too many nested includes (recursive include of '${pattern}'?)`, origin);
    }
    const target = path.resolve(this.cwd, pattern);
    const files = /[*?[]/.test(pattern) ? expandIncludeGlob(target) : [target];
    this.depth++;
    try {
      for (const f of files) this.readFile(f, files.length === 1 && f === target ? pattern : f, origin);
    } finally {
      this.depth--;
    }
  }

  /** Parameters dcs-engine does not implement must have kept their default. */
  checkSupported(): void {
    for (const spec of PARAMS) {
      if (spec.implemented) continue;
      if (this.values.get(spec.name) === spec.default) continue;
      const set = this.lastSet.get(spec.name);
      const origin: Origin = set?.origin ?? { source: null, line: 0 };
      throw configError(notSupportedMessage(set?.name ?? spec.name, set?.args ?? []), origin);
    }
  }
}

/**
 * Load the engine configuration from redis-server-style arguments
 * (process.argv.slice(2)). Throws ConfigError on any problem.
 */
export function loadConfig(argv: readonly string[], opts: LoadOptions = {}): LoadResult {
  const first = argv[0];
  if (first === '-v' || first === '--version') return { kind: 'version' };
  if (first === '-h' || first === '--help') return { kind: 'help' };

  const cwd = opts.cwd ?? process.cwd();
  const { file, stdin, options } = parseArgv(argv);
  const loader = new Loader(cwd);

  let configFile: string | null = null;
  if (file !== null) {
    configFile = path.resolve(cwd, file);
    loader.readFile(configFile, file, null);
  }
  if (stdin) {
    if (opts.readStdin) loader.readText(opts.readStdin(), 'stdin', false);
    else loader.readText(fs.readFileSync(0, 'latin1'), 'stdin', true);
  }
  const cmdline: Origin = { source: null, line: 0 };
  for (const o of options) loader.directive(o.name, o.args, cmdline);
  loader.checkSupported();

  const config = new EngineConfig(Object.fromEntries(loader.values), configFile, cwd);
  config.warnings.push(...loader.warnings);
  return { kind: 'config', config, configFile };
}
