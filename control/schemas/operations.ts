/**
 * control/schemas/operations.ts — request schemas and types of the instance operations: batch
 * restart / soft restart / flush, password change and reset, status counts, statistics.
 */

import { instanceParams, projectParams, str } from './common.ts';

export const statusActionSchema = {
  params: projectParams,
  body: {
    type: 'object',
    required: ['instances', 'action'],
    properties: {
      instances: { type: 'array', minItems: 1, items: str(64) },
      action: { type: 'string', enum: ['restart', 'soft_restart', 'flush'] },
    },
  },
} as const;

export interface StatusActionBody {
  instances: string[];
  action: 'restart' | 'soft_restart' | 'flush';
}

export const statusCountSchema = {
  params: projectParams,
  querystring: { type: 'object', properties: { include_failure: { type: 'string', enum: ['true', 'false'] } } },
} as const;

export interface StatusCountQuery {
  include_failure?: 'true' | 'false';
}

export const statisticSchema = { params: projectParams } as const;

export const passwordSchema = {
  params: instanceParams,
  body: {
    type: 'object',
    required: ['old_password', 'new_password'],
    properties: { old_password: str(1024), new_password: str(1024) },
  },
} as const;

export interface PasswordBody {
  old_password: string;
  new_password: string;
}

export const resetSchema = {
  params: instanceParams,
  body: {
    type: 'object',
    properties: { new_password: str(1024), no_password_access: { type: 'boolean' } },
  },
} as const;

export interface ResetBody {
  new_password?: string;
  no_password_access?: boolean;
}
