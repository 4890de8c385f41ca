/**
 * control/schemas/common.ts — JSON-schema pieces shared by every route group.
 *
 * Owns: the path parameters (project_id, instance_id and other ids), pagination query fields and
 * the helpers that assemble a route's `schema`. Validation failures become DCS errors in app.ts
 * (field -> code via errors.ts FIELD_ERRORS; e.g. a malformed instance_id is DCS.4061).
 */

import { PROJECT_PATTERN, UUID_PATTERN } from '../util.ts';

export const str = (max = 256, min = 0) => ({ type: 'string', minLength: min, maxLength: max }) as const;
export const uuid = { type: 'string', pattern: UUID_PATTERN } as const;
export const anyId = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } as const;

export const projectParams = {
  type: 'object',
  required: ['project_id'],
  properties: { project_id: { type: 'string', pattern: PROJECT_PATTERN } },
} as const;

export const instanceParams = {
  type: 'object',
  required: ['project_id', 'instance_id'],
  properties: { project_id: { type: 'string', pattern: PROJECT_PATTERN }, instance_id: uuid },
} as const;

export interface ProjectParams {
  project_id: string;
}

export interface InstanceParams {
  project_id: string;
  instance_id: string;
}

export const offset = { type: 'integer', minimum: 0, maximum: 1_000_000_000, default: 0 } as const;
export const limit = { type: 'integer', minimum: 1, maximum: 1000, default: 10 } as const;
/** yyyyMMddHHmmss */
export const compactTime = { type: 'string', pattern: '^\\d{14}$' } as const;

export interface Paging {
  offset: number;
  limit: number;
}
