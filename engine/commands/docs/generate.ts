/**
 * Development tool (not loaded by the engine): regenerates `redis-7.0.json`, the reference
 * description of every Redis 7.0 command (COMMAND INFO and COMMAND DOCS as redis-server 7.0.15
 * reports them), from a running real redis-server:
 *
 *   node_modules/.bin/node engine/commands/docs/generate.ts <port>
 *
 * The engine uses the file for what its CommandDefs do not spell out (key specs, tips, doc
 * history, deprecation) and the command-registry test compares the registry against it.
 * Runs on the main thread of a one-off process.
 */

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RespClient, type RespValue } from '../../../test/helpers/resp-client.ts';
import type { RedisCommandData, RedisArgDoc, RedisKeySpec } from './reference.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const port = Number(process.argv[2] ?? 6379);

function str(v: RespValue): string {
  if (v.type === 'bulk') return v.value === null ? '' : v.value.toString('latin1');
  if (v.type === 'simple') return v.value;
  throw new Error(`expected a string, got ${v.type}`);
}
function num(v: RespValue): number {
  if (v.type !== 'integer') throw new Error(`expected an integer, got ${v.type}`);
  return Number(v.value);
}
function list(v: RespValue): RespValue[] {
  if (v.type === 'array' || v.type === 'set') return v.value ?? [];
  throw new Error(`expected a list, got ${v.type}`);
}
function map(v: RespValue): Map<string, RespValue> {
  if (v.type !== 'map') throw new Error(`expected a map, got ${v.type}`);
  return new Map(v.value.map(([k, x]) => [str(k), x]));
}

function keySpec(v: RespValue): RedisKeySpec {
  const m = map(v);
  const bs = map(m.get('begin_search')!);
  const fk = map(m.get('find_keys')!);
  const bsSpec = map(bs.get('spec')!);
  const fkSpec = map(fk.get('spec')!);
  const spec: RedisKeySpec = {
    flags: list(m.get('flags')!).map(str),
    bs: { type: str(bs.get('type')!) as RedisKeySpec['bs']['type'] },
    fk: { type: str(fk.get('type')!) as RedisKeySpec['fk']['type'] },
  };
  if (m.has('notes')) spec.notes = str(m.get('notes')!);
  if (spec.bs.type === 'index') spec.bs.index = num(bsSpec.get('index')!);
  if (spec.bs.type === 'keyword') {
    spec.bs.keyword = str(bsSpec.get('keyword')!);
    spec.bs.startfrom = num(bsSpec.get('startfrom')!);
  }
  if (spec.fk.type === 'range') {
    spec.fk.lastkey = num(fkSpec.get('lastkey')!);
    spec.fk.keystep = num(fkSpec.get('keystep')!);
    spec.fk.limit = num(fkSpec.get('limit')!);
  }
  if (spec.fk.type === 'keynum') {
    spec.fk.keynumidx = num(fkSpec.get('keynumidx')!);
    spec.fk.firstkey = num(fkSpec.get('firstkey')!);
    spec.fk.keystep = num(fkSpec.get('keystep')!);
  }
  return spec;
}

function argDoc(v: RespValue): RedisArgDoc {
  const m = map(v);
  const a: RedisArgDoc = { name: str(m.get('name')!), type: str(m.get('type')!) as RedisArgDoc['type'] };
  for (const [k, x] of m) {
    switch (k) {
      case 'name':
      case 'type':
        break;
      case 'key_spec_index': a.key_spec_index = num(x); break;
      case 'token': a.token = str(x); break;
      case 'summary': a.summary = str(x); break;
      case 'since': a.since = str(x); break;
      case 'deprecated_since': a.deprecated_since = str(x); break;
      case 'flags':
        for (const f of list(x).map(str)) {
          if (f === 'optional') a.optional = true;
          else if (f === 'multiple') a.multiple = true;
          else if (f === 'multiple_token') a.multiple_token = true;
          else throw new Error(`unknown arg flag ${f}`);
        }
        break;
      case 'arguments': a.arguments = list(x).map(argDoc); break;
      default: throw new Error(`unknown arg field ${k}`);
    }
  }
  return a;
}

function info(v: RespValue, out: Record<string, RedisCommandData>): void {
  const f = list(v);
  const name = str(f[0]);
  const d: RedisCommandData = {
    arity: num(f[1]),
    flags: list(f[2]).map(str),
    firstKey: num(f[3]),
    lastKey: num(f[4]),
    step: num(f[5]),
    categories: list(f[6]).map(str),
    summary: '',
    since: '',
    group: '',
  };
  const tips = list(f[7]).map(str);
  if (tips.length) d.tips = tips;
  const specs = list(f[8]).map(keySpec);
  if (specs.length) d.keySpecs = specs;
  out[name] = d;
  for (const s of list(f[9])) info(s, out);
}

function docs(name: string, v: RespValue, out: Record<string, RedisCommandData>): void {
  const d = out[name];
  if (d === undefined) throw new Error(`docs for unknown command ${name}`);
  const m = map(v);
  for (const [k, x] of m) {
    switch (k) {
      case 'summary': d.summary = str(x); break;
      case 'since': d.since = str(x); break;
      case 'group': d.group = str(x); break;
      case 'complexity': d.complexity = str(x); break;
      case 'doc_flags': d.docFlags = list(x).map(str); break;
      case 'deprecated_since': d.deprecatedSince = str(x); break;
      case 'replaced_by': d.replacedBy = str(x); break;
      case 'history': d.history = list(x).map((h) => list(h).map(str) as [string, string]); break;
      case 'arguments': d.args = list(x).map(argDoc); break;
      case 'subcommands': for (const [sk, sv] of map(x)) docs(sk, sv, out); break;
      default: throw new Error(`unknown docs field ${k}`);
    }
  }
}

const c = await RespClient.connect(port, { resp3: true });
const all: Record<string, RedisCommandData> = {};
for (const v of list(await c.call('COMMAND'))) info(v, all);
for (const [k, v] of map(await c.call('COMMAND', 'DOCS'))) docs(k, v, all);
await c.close();
const sorted: Record<string, RedisCommandData> = {};
for (const k of Object.keys(all).sort()) sorted[k] = all[k];
writeFileSync(path.join(here, 'redis-7.0.json'), JSON.stringify(sorted) + '\n');
process.stdout.write(`${Object.keys(sorted).length} commands and subcommands written\n`);
