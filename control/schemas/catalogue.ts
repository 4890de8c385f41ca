/**
 * control/schemas/catalogue.ts — request schemas of flavors, AZs, maintenance windows and quotas.
 */

import { projectParams, str } from './common.ts';

export const flavorsSchema = {
  params: projectParams,
  querystring: {
    type: 'object',
    properties: {
      spec_code: str(128),
      cache_mode: { type: 'string', enum: ['single', 'ha', 'cluster', 'proxy', 'ha_rw_split'] },
      engine: { type: 'string', maxLength: 32 },
      engine_version: { type: 'string', maxLength: 16 },
      cpu_type: { type: 'string', enum: ['x86_64', 'aarch64'] },
      capacity: { type: 'string', pattern: '^\\d+(\\.\\d+)?$', maxLength: 16 },
    },
  },
} as const;

export interface FlavorsQuery {
  spec_code?: string;
  cache_mode?: string;
  engine?: string;
  engine_version?: string;
  cpu_type?: string;
  capacity?: string;
}

export const quotaSchema = { params: projectParams } as const;
