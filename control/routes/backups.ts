/**
 * control/routes/backups.ts — DCS "Backup and Restoration": create / list / delete backups, the
 * expiring signed download link and the download itself (served here, no object storage), create /
 * list restores. Single-node instances can be backed up and restored: a local extension (DCS
 * allows it only for master/standby and cluster instances).
 */

import { createReadStream, existsSync, statSync } from 'node:fs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Ctx } from '../context.ts';
import { dcs } from '../errors.ts';
import type { InstanceParams } from '../schemas/common.ts';
import {
  createBackupSchema,
  createRestoreSchema,
  deleteBackupSchema,
  downloadSchema,
  linksSchema,
  listBackupsSchema,
  listRestoresSchema,
  type BackupParams,
  type CreateBackupBody,
  type CreateRestoreBody,
  type DownloadParams,
  type DownloadQuery,
  type LinksBody,
  type TimeRangeQuery,
} from '../schemas/backups.ts';
import { backupView, restoreView } from '../views.ts';
import { page, parseCompactTime } from '../util.ts';

function range(q: TimeRangeQuery): [number | null, number | null] {
  const from = q.begin_time === undefined ? null : parseCompactTime(q.begin_time);
  const to = q.end_time === undefined ? null : parseCompactTime(q.end_time);
  if (q.begin_time !== undefined && from === null) throw dcs('INVALID_PARAM', 'begin_time');
  if (q.end_time !== undefined && to === null) throw dcs('INVALID_PARAM', 'end_time');
  if (from !== null && to !== null && to < from) throw dcs('END_BEFORE_START');
  return [from, to === null ? null : to + 999];
}

export function registerBackups(app: FastifyInstance, ctx: Ctx): void {
  app.post(
    '/v2/:project_id/instances/:instance_id/backups',
    { schema: createBackupSchema, config: { optionalBody: true } },
    async (req: FastifyRequest<{ Params: InstanceParams; Body: CreateBackupBody }>) => {
      const id = ctx.ops.createBackup(req.params.project_id, req.params.instance_id, req.body.remark ?? '', req.body.backup_format ?? 'rdb');
      return { backup_id: id };
    },
  );

  app.get('/v2/:project_id/instances/:instance_id/backups', { schema: listBackupsSchema }, async (req: FastifyRequest<{ Params: InstanceParams; Querystring: TimeRangeQuery }>, reply) => {
    const inst = ctx.ops.instance(req.params.project_id, req.params.instance_id);
    const [from, to] = range(req.query);
    const rows = ctx.repo.listBackups(inst.project_id, inst.id, from, to);
    if (rows.length === 0) return reply.code(204).send();
    return { total_num: rows.length, backup_record_response: page(rows, req.query.offset, req.query.limit).map(backupView) };
  });

  app.delete('/v2/:project_id/instances/:instance_id/backups/:backup_id', { schema: deleteBackupSchema }, async (req: FastifyRequest<{ Params: BackupParams }>, reply) => {
    ctx.ops.deleteBackup(req.params.project_id, req.params.instance_id, req.params.backup_id);
    return reply.code(204).send();
  });

  app.post(
    '/v2/:project_id/instances/:instance_id/backups/:backup_id/links',
    { schema: linksSchema },
    async (req: FastifyRequest<{ Params: BackupParams; Body: LinksBody }>) => {
      const { project_id: project, instance_id: instanceId, backup_id: backupId } = req.params;
      ctx.ops.instance(project, instanceId);
      const b = ctx.repo.getBackup(project, instanceId, backupId);
      if (b === null || b.status === 'deleted') throw dcs('INVALID_PARAM', 'backup_id');
      if (b.status !== 'succeed') throw dcs('TASK_STATE');
      const expires = Math.floor(Date.now() / 1000) + req.body.expiration;
      const base = `${req.protocol}://${req.host}`;
      return {
        file_path: `${instanceId}/${backupId}/`,
        bucket_name: 'dcs-local-backups',
        links: b.files.map((f) => ({ file_name: f.file_name, link: base + ctx.links.path(project, instanceId, backupId, f.file_name, expires) })),
      };
    },
  );

  app.get(
    '/v2/:project_id/instances/:instance_id/backups/:backup_id/files/:file_name',
    { schema: downloadSchema, config: { public: true } },
    async (req: FastifyRequest<{ Params: DownloadParams; Querystring: DownloadQuery }>, reply) => {
      const { project_id: project, instance_id: instanceId, backup_id: backupId, file_name: file } = req.params;
      if (!ctx.links.check(project, instanceId, backupId, file, req.query.Expires, req.query.Signature)) throw dcs('INVALID_TOKEN');
      if (req.query.Expires * 1000 < Date.now()) throw dcs('TOKEN_EXPIRED');
      const b = ctx.repo.getBackup(project, instanceId, backupId);
      if (b === null || b.status !== 'succeed' || !b.files.some((f) => f.file_name === file)) throw dcs('INVALID_PARAM', 'backup_id');
      const p = ctx.ops.backupFile(instanceId, backupId, file);
      if (!existsSync(p)) throw dcs('INVALID_PARAM', 'backup_id');
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-length', String(statSync(p).size))
        .header('content-disposition', `attachment; filename="${file}"`)
        .send(createReadStream(p));
    },
  );

  app.post('/v2/:project_id/instances/:instance_id/restores', { schema: createRestoreSchema }, async (req: FastifyRequest<{ Params: InstanceParams; Body: CreateRestoreBody }>) => {
    const id = ctx.ops.createRestore(req.params.project_id, req.params.instance_id, req.body.backup_id, req.body.remark ?? '');
    return { restore_id: id };
  });

  app.get('/v2/:project_id/instances/:instance_id/restores', { schema: listRestoresSchema }, async (req: FastifyRequest<{ Params: InstanceParams; Querystring: TimeRangeQuery }>, reply) => {
    const inst = ctx.ops.instance(req.params.project_id, req.params.instance_id);
    const [from, to] = range(req.query);
    const rows = ctx.repo.listRestores(inst.project_id, inst.id, from, to);
    if (rows.length === 0) return reply.code(204).send();
    return {
      total_num: rows.length,
      restore_record_response: page(rows, req.query.offset, req.query.limit).map((r) => restoreView(r, ctx.repo.getBackupById(r.backup_id))),
    };
  });
}
