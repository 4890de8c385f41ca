/**
 * control/tasks/tasks.ts — background task records (DCS "background tasks", also served as jobs).
 *
 * Owns: Tasks (creating task rows, instant records, failing the ones a previous process left
 * unfinished) and TaskRun (one long operation: its named steps, their WAITING -> EXECUTING ->
 * FINISH | FAILED states with begin/end times, the progress percentage, the final status).
 *
 * Invariants: a task id doubles as its job id (`GET /v2/{project_id}/jobs/{job_id}`). Status
 * values are append-only: WAITING, RUNNING, SUCCESS, FAILED. Main thread only.
 */

import { randomUUID } from 'node:crypto';
import type { Json, Repo, StepRecord, TaskRow, TaskStatus } from '../db/repo.ts';

export type Details = { [k: string]: Json };

/** One running long operation. */
export class TaskRun {
  readonly id: string;
  private readonly repo: Repo;
  private readonly steps: StepRecord[];

  constructor(repo: Repo, id: string, steps: StepRecord[]) {
    this.repo = repo;
    this.id = id;
    this.steps = steps;
  }

  private progress(): number {
    if (this.steps.length === 0) return 0;
    const done = this.steps.filter((s) => s.step_status === 'FINISH').length;
    return Math.floor((done * 100) / this.steps.length);
  }

  private save(extra: Partial<TaskRow> = {}): void {
    this.repo.updateTask(this.id, { steps: this.steps, progress: this.progress(), ...extra });
  }

  /** Runs step `index` (0-based): EXECUTING while fn runs, then FINISH, or FAILED and rethrow. */
  async step<T>(index: number, fn: () => Promise<T> | T, detail?: string): Promise<T> {
    const s = this.steps[index];
    if (s === undefined) return await fn();
    s.step_status = 'EXECUTING';
    s.begin_time = Date.now();
    if (detail !== undefined) s.detail = detail;
    this.save({ status: 'RUNNING' });
    try {
      const out = await fn();
      s.step_status = 'FINISH';
      s.end_time = Date.now();
      this.save();
      return out;
    } catch (err) {
      s.step_status = 'FAILED';
      s.end_time = Date.now();
      s.detail = err instanceof Error ? err.message.slice(0, 1024) : String(err).slice(0, 1024);
      this.save();
      throw err;
    }
  }

  /** Adds to the task's details (e.g. the result of a step). */
  detail(d: Details): void {
    const cur = this.repo.getTaskById(this.id);
    this.repo.updateTask(this.id, { details: { ...(cur?.details ?? {}), ...d } });
  }

  succeed(): void {
    for (const s of this.steps) {
      if (s.step_status !== 'FINISH') {
        s.step_status = 'FINISH';
        s.begin_time ??= Date.now();
        s.end_time = Date.now();
      }
    }
    this.repo.updateTask(this.id, { status: 'SUCCESS', steps: this.steps, progress: 100, finished_at: Date.now() });
  }

  fail(reason: string, errorCode: string | null = null): void {
    this.repo.updateTask(this.id, {
      status: 'FAILED',
      steps: this.steps,
      progress: this.progress(),
      fail_reason: reason.slice(0, 1024),
      error_code: errorCode,
      finished_at: Date.now(),
    });
  }
}

export class Tasks {
  private readonly repo: Repo;

  constructor(repo: Repo) {
    this.repo = repo;
  }

  private insert(project: string, instanceId: string | null, name: string, status: TaskStatus, steps: StepRecord[], details: Details, params: string): string {
    const now = Date.now();
    const id = randomUUID();
    this.repo.insertTask({
      id,
      project_id: project,
      instance_id: instanceId,
      name,
      status,
      details,
      params,
      steps,
      progress: status === 'SUCCESS' ? 100 : 0,
      fail_reason: null,
      error_code: null,
      enable_show: true,
      deleted: false,
      created_at: now,
      updated_at: now,
      finished_at: status === 'SUCCESS' || status === 'FAILED' ? now : null,
    });
    return id;
  }

  /** Starts a long operation's task with its step names. */
  start(project: string, instanceId: string | null, name: string, stepNames: readonly string[], details: Details = {}, params = ''): TaskRun {
    const steps: StepRecord[] = stepNames.map((n, i) => ({
      step_id: String(i + 1),
      step_name: n,
      step_status: 'WAITING',
      begin_time: null,
      end_time: null,
      error_code: null,
      detail: null,
    }));
    const id = this.insert(project, instanceId, name, 'RUNNING', steps, details, params);
    return new TaskRun(this.repo, id, steps);
  }

  /** Records something that already happened (a finished task). */
  record(project: string, instanceId: string | null, name: string, ok: boolean, details: Details = {}, reason: string | null = null): string {
    const step: StepRecord = {
      step_id: '1',
      step_name: name,
      step_status: ok ? 'FINISH' : 'FAILED',
      begin_time: Date.now(),
      end_time: Date.now(),
      error_code: null,
      detail: reason,
    };
    const id = this.insert(project, instanceId, name, ok ? 'SUCCESS' : 'FAILED', [step], details, '');
    if (!ok && reason !== null) this.repo.updateTask(id, { fail_reason: reason, progress: 0 });
    return id;
  }

  /** Marks tasks left unfinished by an earlier process as failed. */
  failInterrupted(reason: string): number {
    const left = this.repo.unfinishedTasks();
    for (const t of left) {
      const steps = t.steps.map((s) => (s.step_status === 'EXECUTING' || s.step_status === 'WAITING' ? { ...s, step_status: 'FAILED' as const, end_time: Date.now() } : s));
      this.repo.updateTask(t.id, { status: 'FAILED', steps, fail_reason: reason, finished_at: Date.now() });
    }
    return left.length;
  }
}
