/**
 * control/schemas/tasks.ts — request schemas and types of background tasks and jobs.
 */

import { compactTime, instanceParams, limit, offset, projectParams, uuid } from './common.ts';
import { PROJECT_PATTERN } from '../util.ts';

const range = {
  type: 'object',
  properties: { offset, limit, start_time: compactTime, end_time: compactTime, begin_time: compactTime },
} as const;

export interface TaskRangeQuery {
  offset: number;
  limit: number;
  start_time?: string;
  end_time?: string;
  begin_time?: string;
}

export const listTasksSchema = { params: instanceParams, querystring: range } as const;
export const listCenterTasksSchema = { params: projectParams, querystring: range } as const;

const taskParams = {
  type: 'object',
  required: ['project_id', 'instance_id', 'task_id'],
  properties: { project_id: { type: 'string', pattern: PROJECT_PATTERN }, instance_id: uuid, task_id: uuid },
} as const;

export interface TaskParams {
  project_id: string;
  instance_id: string;
  task_id: string;
}

export const taskSchema = { params: taskParams } as const;

export const centerTaskSchema = {
  params: {
    type: 'object',
    required: ['project_id', 'task_id'],
    properties: { project_id: { type: 'string', pattern: PROJECT_PATTERN }, task_id: uuid },
  },
} as const;

export const jobSchema = {
  params: {
    type: 'object',
    required: ['project_id', 'job_id'],
    properties: { project_id: { type: 'string', pattern: PROJECT_PATTERN }, job_id: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9-]+$' } },
  },
} as const;

export interface JobParams {
  project_id: string;
  job_id: string;
}
