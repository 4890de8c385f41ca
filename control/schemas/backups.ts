/**
 * control/schemas/backups.ts — request schemas and types of backups, restores and download links.
 */

import { compactTime, instanceParams, limit, offset, str, uuid } from './common.ts';
import { PROJECT_PATTERN } from '../util.ts';

export const createBackupSchema = {
  params: instanceParams,
  body: {
    type: 'object',
    properties: {
      remark: str(128),
      backup_format: { type: 'string', enum: ['rdb', 'aof'] },
    },
  },
} as const;

export interface CreateBackupBody {
  remark?: string;
  backup_format?: 'rdb' | 'aof';
}

const timeRange = {
  type: 'object',
  properties: {
    begin_time: compactTime,
    end_time: compactTime,
    offset,
    limit,
  },
} as const;

export interface TimeRangeQuery {
  begin_time?: string;
  end_time?: string;
  offset: number;
  limit: number;
}

export const listBackupsSchema = { params: instanceParams, querystring: timeRange } as const;
export const listRestoresSchema = { params: instanceParams, querystring: timeRange } as const;

const backupParams = {
  type: 'object',
  required: ['project_id', 'instance_id', 'backup_id'],
  properties: { project_id: { type: 'string', pattern: PROJECT_PATTERN }, instance_id: uuid, backup_id: uuid },
} as const;

export interface BackupParams {
  project_id: string;
  instance_id: string;
  backup_id: string;
}

export const deleteBackupSchema = { params: backupParams } as const;

export const linksSchema = {
  params: backupParams,
  body: {
    type: 'object',
    required: ['expiration'],
    properties: { expiration: { type: 'integer', minimum: 300, maximum: 86400 } },
  },
} as const;

export interface LinksBody {
  expiration: number;
}

export const downloadSchema = {
  params: {
    type: 'object',
    required: ['project_id', 'instance_id', 'backup_id', 'file_name'],
    properties: {
      project_id: { type: 'string', pattern: PROJECT_PATTERN },
      instance_id: uuid,
      backup_id: uuid,
      file_name: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,200}$' },
    },
  },
  querystring: {
    type: 'object',
    required: ['Expires', 'Signature'],
    properties: {
      Expires: { type: 'integer', minimum: 0, maximum: 99999999999 },
      Signature: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    },
  },
} as const;

export interface DownloadParams extends BackupParams {
  file_name: string;
}

export interface DownloadQuery {
  Expires: number;
  Signature: string;
}

export const createRestoreSchema = {
  params: instanceParams,
  body: {
    type: 'object',
    required: ['backup_id'],
    properties: { backup_id: str(64, 1), remark: str(128) },
  },
} as const;

export interface CreateRestoreBody {
  backup_id: string;
  remark?: string;
}
