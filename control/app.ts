/**
 * control/app.ts — the fastify application: request parsing, authentication, DCS-shaped errors and
 * the route modules.
 *
 * Owns: the body parser (any content type, parsed as JSON; empty bodies become `undefined`, or
 * `{}` on routes whose body is optional), the X-Auth-Token check, the mapping of every failure
 * (schema validation, malformed JSON, unknown route, wrong method, framework errors) to
 * `{error_code, error_msg, error_ext_msg}` with the DCS codes of errors.ts, access logging (method,
 * path without query, status, time — never bodies), and registering control/routes/*.
 *
 * Invariants: only unexpected exceptions answer 500 (DCS.5000) and they are logged; every other
 * failure is a 4xx in DCS's shape.
 */

import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { DcsError, ERRORS, FIELD_ERRORS, dcs, type ErrorSpec } from './errors.ts';
import { scrub, type Logger } from './log.ts';
import type { Ctx } from './context.ts';
import { registerLifecycle } from './routes/lifecycle.ts';
import { registerCatalogue } from './routes/catalogue.ts';
import { registerOperations } from './routes/operations.ts';
import { registerConfigs } from './routes/configs.ts';
import { registerBackups } from './routes/backups.ts';
import { registerTopology } from './routes/topology.ts';
import { registerSlowlog } from './routes/slowlog.ts';
import { registerTasks } from './routes/tasks.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** no X-Auth-Token needed (signed download links) */
    public?: boolean;
    /** an empty body counts as `{}` */
    optionalBody?: boolean;
  }
}

export const BODY_LIMIT = 1024 * 1024;

interface ValidationItem {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

/** The request field a schema error is about ("" for the whole body / query). */
function fieldOf(v: ValidationItem): string {
  if (v.keyword === 'required' && typeof v.params['missingProperty'] === 'string') return v.params['missingProperty'];
  const parts = v.instancePath.split('/').filter((p) => p !== '' && !/^\d+$/.test(p));
  return parts[parts.length - 1] ?? '';
}

function validationError(err: FastifyError, req: FastifyRequest): DcsError {
  const first = err.validation?.[0];
  const where = err.validationContext;
  if (first === undefined) return dcs('INVALID_PARAM', 'request');
  const v: ValidationItem = { keyword: first.keyword, instancePath: first.instancePath, params: first.params };
  const field = fieldOf(v);
  if (where === 'body' && field === '') {
    return req.body === undefined || req.body === null ? dcs('EMPTY_BODY') : dcs('BAD_JSON');
  }
  if (where === 'body' && field === 'instances' && v.keyword === 'required') return dcs('INSTANCES_MISSING');
  if (where === 'body' && field === 'instances' && v.keyword === 'minItems') return dcs('INSTANCES_MISSING');
  if (where === 'body' && field === 'action') return dcs('INVALID_ACTION');
  const named = FIELD_ERRORS[field];
  if (named !== undefined) {
    const spec: ErrorSpec = ERRORS[named];
    return spec.msg.includes('{0}') ? new DcsError(spec, field) : new DcsError(spec);
  }
  const name = field === '' ? (where === 'querystring' ? 'query' : 'request') : field.slice(0, 64);
  return dcs('INVALID_PARAM', name);
}

function send(reply: FastifyReply, e: DcsError): void {
  void reply.code(e.status).header('content-type', 'application/json; charset=utf-8').send(e.body());
}

function hasCode(err: unknown, ...codes: string[]): boolean {
  return err !== null && typeof err === 'object' && 'code' in err && typeof err.code === 'string' && codes.includes(err.code);
}

function toDcs(err: unknown, req: FastifyRequest, log: Logger): DcsError {
  if (err instanceof DcsError) return err;
  if (err !== null && typeof err === 'object' && 'validation' in err && Array.isArray(err.validation)) {
    return validationError(err as FastifyError, req);
  }
  if (hasCode(err, 'FST_ERR_CTP_EMPTY_JSON_BODY')) return dcs('EMPTY_BODY');
  if (hasCode(err, 'FST_ERR_CTP_BODY_TOO_LARGE', 'FST_ERR_CTP_INVALID_MEDIA_TYPE', 'FST_ERR_CTP_INVALID_CONTENT_LENGTH', 'FST_ERR_CTP_INVALID_TYPE')) {
    return dcs('BAD_JSON');
  }
  if (err instanceof SyntaxError) return dcs('BAD_JSON');
  if (hasCode(err, 'FST_ERR_BAD_URL', 'FST_ERR_ASYNC_CONSTRAINT')) return dcs('INVALID_PARAM', 'URL');
  const status = err !== null && typeof err === 'object' && 'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : 500;
  if (status === 404) return dcs('URL_NOT_FOUND');
  if (status === 405) return dcs('METHOD_NOT_ALLOWED');
  if (status >= 400 && status < 500) return dcs('INVALID_PARAM', 'request');
  log.error(`internal error on ${req.method} ${req.url.split('?')[0] ?? ''}: ${scrub(err instanceof Error ? (err.stack ?? err.message) : String(err))}`);
  return dcs('INTERNAL');
}

function tokenMatches(given: string, want: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(want).digest();
  return timingSafeEqual(a, b);
}

export async function buildApp(ctx: Ctx): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT,
    routerOptions: { maxParamLength: 2048, ignoreTrailingSlash: true },
    return503OnClosing: true,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, useDefaults: true, allErrors: false } },
    frameworkErrors: (err, req, reply) => send(reply, toDcs(err, req, ctx.log)),
    // requests Node's HTTP parser rejects (bad method, header or request line) still get DCS's shape
    clientErrorHandler: (_err, socket) => {
      if (!socket.writable) return;
      const body = JSON.stringify(dcs('INVALID_PARAM', 'request').body());
      socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    },
  });

  // every body is JSON whatever its content type; empty -> undefined (or {} where optional)
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, req.routeOptions.config.optionalBody === true ? {} : undefined);
      return;
    }
    try {
      const parsed: unknown = JSON.parse(text);
      done(null, parsed);
    } catch {
      done(dcs('BAD_JSON'), undefined);
    }
  });

  // routes registered, for telling "wrong method" (405) from "no such URL" (404)
  const known: { method: string; re: RegExp }[] = [];
  app.addHook('onRoute', (r) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    const re = new RegExp(`^${r.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z_]+/g, '[^/]+')}/?$`);
    for (const m of methods) known.push({ method: m, re });
  });

  app.addHook('onRequest', async (req) => {
    const token = ctx.opts.authToken;
    if (token === null || req.routeOptions.config.public === true) return;
    const given = req.headers['x-auth-token'];
    if (given === undefined || given === '') throw dcs('NO_TOKEN');
    if (typeof given !== 'string' || !tokenMatches(given, token)) throw dcs('INVALID_TOKEN');
  });

  app.addHook('preValidation', async (req) => {
    if (req.body === undefined && req.routeOptions.config.optionalBody === true) req.body = {};
  });

  app.addHook('onResponse', async (req, reply) => {
    ctx.log.info(`${req.method} ${req.url.split('?')[0] ?? ''} ${reply.statusCode} ${reply.elapsedTime.toFixed(0)}ms`);
  });

  app.setErrorHandler((err, req, reply) => send(reply, toDcs(err, req, ctx.log)));

  app.setNotFoundHandler((req, reply) => {
    const p = (req.url.split('?')[0] ?? '').replace(/\/+$/, '') || '/';
    const other = known.some((k) => k.method !== req.method && k.re.test(p));
    send(reply, dcs(other && req.method !== 'HEAD' && req.method !== 'OPTIONS' ? 'METHOD_NOT_ALLOWED' : 'URL_NOT_FOUND'));
  });

  registerLifecycle(app, ctx);
  registerCatalogue(app, ctx);
  registerOperations(app, ctx);
  registerConfigs(app, ctx);
  registerBackups(app, ctx);
  registerTopology(app, ctx);
  registerSlowlog(app, ctx);
  registerTasks(app, ctx);

  await app.ready();
  return app;
}
