/**
 * control/routes/tasks.ts — DCS "Background Task Management": an instance's background tasks, a
 * task's progress with its steps, deleting a finished task, the tenant's task center, and jobs
 * (a job id is the id of the task that carries it out).
 */

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Ctx } from '../context.ts';
import { dcs } from '../errors.ts';
import type { InstanceParams, ProjectParams } from '../schemas/common.ts';
import { centerTaskSchema, jobSchema, listCenterTasksSchema, listTasksSchema, taskSchema, type JobParams, type TaskParams, type TaskRangeQuery } from '../schemas/tasks.ts';
import type { TaskRow } from '../db/repo.ts';
import { taskView } from '../views.ts';
import { iso, page, parseCompactTime } from '../util.ts';

function range(q: TaskRangeQuery): [number | null, number | null] {
  const start = q.start_time ?? q.begin_time;
  const from = start === undefined ? null : parseCompactTime(start);
  const to = q.end_time === undefined ? null : parseCompactTime(q.end_time);
  if (start !== undefined && from === null) throw dcs('INVALID_PARAM', 'start_time');
  if (q.end_time !== undefined && to === null) throw dcs('INVALID_PARAM', 'end_time');
  if (from !== null && to !== null && to < from) throw dcs('END_BEFORE_START');
  return [from, to === null ? null : to + 999];
}

const JOB_STATUS: Record<TaskRow['status'], string> = { WAITING: 'INIT', RUNNING: 'RUNNING', SUCCESS: 'SUCCESS', FAILED: 'FAIL' };

export function registerTasks(app: FastifyInstance, ctx: Ctx): void {
  app.get('/v2/:project_id/instances/:instance_id/tasks', { schema: listTasksSchema }, async (req: FastifyRequest<{ Params: InstanceParams; Querystring: TaskRangeQuery }>) => {
    const inst = ctx.ops.instance(req.params.project_id, req.params.instance_id);
    const [from, to] = range(req.query);
    const rows = ctx.repo.listTasks(inst.project_id, inst.id, from, to);
    return { task_count: String(rows.length), tasks: page(rows, req.query.offset, req.query.limit).map(taskView) };
  });

  const findTask = (p: TaskParams): TaskRow => {
    ctx.ops.instance(p.project_id, p.instance_id);
    const t = ctx.repo.getTask(p.project_id, p.task_id);
    if (t === null || t.instance_id !== p.instance_id) throw dcs('JOB_NOT_FOUND');
    return t;
  };

  app.get('/v2/:project_id/instances/:instance_id/tasks/:task_id/progress', { schema: taskSchema }, async (req: FastifyRequest<{ Params: TaskParams }>) => {
    const t = findTask(req.params);
    const left = t.steps.filter((s) => s.step_status === 'WAITING' || s.step_status === 'EXECUTING').length;
    return {
      progress: t.progress,
      remain_time: t.status === 'RUNNING' ? left * 2 : 0,
      status: t.status,
      step_details: t.steps.map((s) => ({
        step_id: s.step_id,
        step_name: s.step_name,
        step_status: s.step_status,
        begin_time: iso(s.begin_time),
        end_time: iso(s.end_time),
        error_code: s.error_code,
        sub_step_details: s.detail === null ? [] : [
          {
            sub_step_id: `${s.step_id}.1`,
            sub_step_name: s.step_name,
            sub_step_status: s.step_status,
            begin_time: iso(s.begin_time),
            end_time: iso(s.end_time),
            detail: s.detail,
            error_code: s.error_code,
          },
        ],
      })),
    };
  });

  app.delete('/v2/:project_id/instances/:instance_id/tasks/:task_id', { schema: taskSchema }, async (req: FastifyRequest<{ Params: TaskParams }>) => {
    const t = findTask(req.params);
    if (t.status === 'RUNNING' || t.status === 'WAITING') throw dcs('TASK_STATE');
    ctx.repo.updateTask(t.id, { deleted: true });
    return { message: '' };
  });

  app.get('/v2/:project_id/tasks', { schema: listCenterTasksSchema }, async (req: FastifyRequest<{ Params: ProjectParams; Querystring: TaskRangeQuery }>) => {
    const [from, to] = range(req.query);
    const rows = ctx.repo.listTasks(req.params.project_id, null, from, to);
    return { task_count: String(rows.length), tasks: page(rows, req.query.offset, req.query.limit).map(taskView) };
  });

  app.delete('/v2/:project_id/tasks/:task_id', { schema: centerTaskSchema, config: { optionalBody: true } }, async (req: FastifyRequest<{ Params: { project_id: string; task_id: string } }>) => {
    const t = ctx.repo.getTask(req.params.project_id, req.params.task_id);
    if (t === null) throw dcs('JOB_NOT_FOUND');
    if (t.status === 'RUNNING' || t.status === 'WAITING') throw dcs('TASK_STATE');
    ctx.repo.updateTask(t.id, { deleted: true });
    return { message: '' };
  });

  app.get('/v2/:project_id/jobs/:job_id', { schema: jobSchema }, async (req: FastifyRequest<{ Params: JobParams }>) => {
    const t = ctx.repo.getTask(req.params.project_id, req.params.job_id);
    if (t === null) throw dcs('JOB_NOT_FOUND');
    return {
      job_id: t.id,
      job_type: t.name,
      status: JOB_STATUS[t.status],
      begin_time: String(t.created_at),
      end_time: t.finished_at === null ? null : String(t.finished_at),
      fail_reason: t.fail_reason,
      instance_id: t.instance_id,
      progress: t.progress,
    };
  });
}
