/**
 * control/schemas/lifecycle.ts — request schemas and types of the lifecycle routes: create, list,
 * get, modify, delete, batch delete, resize (DCS API reference, "Lifecycle Management").
 */

import { compactTime, instanceParams, limit, offset, projectParams, str, uuid } from './common.ts';

const maintainTime = { type: 'string', pattern: '^\\d{2}:\\d{2}:\\d{2}$' } as const;

export const backupPolicy = {
  type: 'object',
  required: ['backup_type'],
  properties: {
    backup_type: { type: 'string', enum: ['auto', 'manual'] },
    save_days: { type: 'integer', minimum: 1, maximum: 7 },
    periodical_backup_plan: {
      type: 'object',
      properties: {
        timezone_offset: str(16),
        backup_at: { type: 'array', minItems: 1, maxItems: 7, uniqueItems: true, items: { type: 'integer', minimum: 1, maximum: 7 } },
        period_type: { type: 'string', enum: ['weekly'] },
        begin_at: { type: 'string', pattern: '^\\d{2}:00-\\d{2}:00$' },
      },
    },
  },
} as const;

export interface BackupPolicyBody {
  backup_type: 'auto' | 'manual';
  save_days?: number;
  periodical_backup_plan?: {
    timezone_offset?: string;
    backup_at?: number[];
    period_type?: 'weekly';
    begin_at?: string;
  };
}

const renameCommands = {
  type: 'object',
  maxProperties: 9,
  propertyNames: { enum: ['command', 'keys', 'flushdb', 'flushall', 'scan', 'hscan', 'sscan', 'zscan', 'hgetall'] },
  additionalProperties: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' },
} as const;

export const createSchema = {
  params: projectParams,
  body: {
    type: 'object',
    required: ['name', 'engine', 'capacity', 'spec_code', 'az_codes', 'vpc_id', 'subnet_id'],
    properties: {
      name: { type: 'string', minLength: 4, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9_-]*$' },
      engine: str(32, 1),
      engine_version: str(16),
      capacity: { type: 'number', exclusiveMinimum: 0, maximum: 1_000_000 },
      spec_code: str(128, 1),
      az_codes: { type: 'array', minItems: 1, maxItems: 3, items: str(64, 1) },
      vpc_id: str(64, 1),
      subnet_id: str(64, 1),
      security_group_id: str(64),
      publicip_id: str(64),
      enterprise_project_id: str(64),
      enterprise_project_name: str(64),
      description: str(1024),
      enable_ssl: { type: 'boolean' },
      private_ip: str(64),
      instance_num: { type: 'integer', minimum: 1, maximum: 100, default: 1 },
      maintain_begin: maintainTime,
      maintain_end: maintainTime,
      password: str(64),
      no_password_access: { type: 'boolean', default: false },
      bss_param: {
        type: 'object',
        properties: {
          charging_mode: { type: 'string', enum: ['postPaid'] },
          is_auto_renew: str(8),
          is_auto_pay: str(8),
          period_type: str(16),
          period_num: { type: 'integer', minimum: 1, maximum: 9 },
        },
      },
      instance_backup_policy: backupPolicy,
      tags: {
        type: 'array',
        maxItems: 20,
        items: { type: 'object', required: ['key'], properties: { key: str(36, 1), value: str(43) } },
      },
      access_user: str(64),
      enable_publicip: { type: 'boolean' },
      port: { type: 'integer', minimum: 1, maximum: 65535 },
      rename_commands: renameCommands,
      template_id: str(64),
    },
  },
} as const;

export interface CreateBody {
  name: string;
  engine: string;
  engine_version?: string;
  capacity: number;
  spec_code: string;
  az_codes: string[];
  vpc_id: string;
  subnet_id: string;
  security_group_id?: string;
  publicip_id?: string;
  enterprise_project_id?: string;
  enterprise_project_name?: string;
  description?: string;
  enable_ssl?: boolean;
  private_ip?: string;
  instance_num: number;
  maintain_begin?: string;
  maintain_end?: string;
  password?: string;
  no_password_access: boolean;
  bss_param?: { charging_mode?: string };
  instance_backup_policy?: BackupPolicyBody;
  tags?: { key: string; value?: string }[];
  access_user?: string;
  enable_publicip?: boolean;
  port?: number;
  rename_commands?: Record<string, string>;
  template_id?: string;
}

const flag = { type: 'string', enum: ['true', 'false'] } as const;

export const listSchema = {
  params: projectParams,
  querystring: {
    type: 'object',
    properties: {
      instance_id: uuid,
      id: uuid,
      include_failures: flag,
      include_failure: flag,
      include_delete: flag,
      name: str(64),
      offset,
      limit,
      status: { type: 'string', enum: ['CREATING', 'CREATEFAILED', 'RUNNING', 'ERROR', 'RESTARTING', 'EXTENDING', 'RESTORING', 'FLUSHING', 'FROZEN', 'DELETED'] },
      name_equal: flag,
      tags: str(1024),
      ip: str(64),
      capacity: { type: 'string', pattern: '^\\d+(\\.\\d+)?$', maxLength: 16 },
    },
  },
} as const;

export interface ListQuery {
  instance_id?: string;
  id?: string;
  include_failures?: 'true' | 'false';
  include_failure?: 'true' | 'false';
  include_delete?: 'true' | 'false';
  name?: string;
  offset: number;
  limit: number;
  status?: string;
  name_equal?: 'true' | 'false';
  tags?: string;
  ip?: string;
  capacity?: string;
}

export const getSchema = { params: instanceParams } as const;
export const deleteSchema = { params: instanceParams } as const;

export const modifySchema = {
  params: instanceParams,
  body: {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 4, maxLength: 64, pattern: '^[A-Za-z][A-Za-z0-9_-]*$' },
      description: str(1024),
      port: { type: 'integer', minimum: 1, maximum: 65535 },
      rename_commands: renameCommands,
      maintain_begin: maintainTime,
      maintain_end: maintainTime,
      security_group_id: str(64),
      instance_backup_policy: backupPolicy,
    },
  },
} as const;

export interface ModifyBody {
  name?: string;
  description?: string;
  port?: number;
  rename_commands?: Record<string, string>;
  maintain_begin?: string;
  maintain_end?: string;
  security_group_id?: string;
  instance_backup_policy?: BackupPolicyBody;
}

export const batchDeleteSchema = {
  params: projectParams,
  querystring: { type: 'object', properties: { all_failure: { type: 'boolean' } } },
  body: {
    type: 'object',
    properties: { instances: { type: 'array', maxItems: 1000, items: str(64) } },
  },
} as const;

export interface BatchDeleteBody {
  instances?: string[];
}

export const resizeSchema = {
  params: instanceParams,
  body: {
    type: 'object',
    required: ['spec_code', 'new_capacity'],
    properties: {
      spec_code: str(128, 1),
      new_capacity: { type: 'number', exclusiveMinimum: 0, maximum: 1_000_000 },
      bss_param: { type: 'object', properties: { is_auto_pay: str(8) } },
      reserved_ip: { type: 'array', maxItems: 1000, items: str(64) },
      change_type: { type: 'string', enum: ['createReplication', 'deleteReplication', 'addSharding', 'instanceType'] },
      available_zones: { type: 'array', maxItems: 100, items: str(64) },
      node_list: { type: 'array', maxItems: 100, items: str(64) },
      execute_immediately: { type: 'boolean', default: true },
    },
  },
} as const;

export interface ResizeBody {
  spec_code: string;
  new_capacity: number;
  change_type?: 'createReplication' | 'deleteReplication' | 'addSharding' | 'instanceType';
  reserved_ip?: string[];
  available_zones?: string[];
  node_list?: string[];
  execute_immediately: boolean;
}

export { compactTime };
