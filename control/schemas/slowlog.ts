/**
 * control/schemas/slowlog.ts — request schema and type of the slow-log query.
 */

import { instanceParams, limit, offset } from './common.ts';

const epochMs = { type: 'string', pattern: '^\\d{1,15}$' } as const;

export const slowlogSchema = {
  params: instanceParams,
  querystring: {
    type: 'object',
    required: ['start_time', 'end_time'],
    properties: {
      offset,
      limit,
      sort_key: { type: 'string', enum: ['start_time', 'duration'], default: 'start_time' },
      sort_dir: { type: 'string', enum: ['desc', 'asc'], default: 'desc' },
      start_time: epochMs,
      end_time: epochMs,
    },
  },
} as const;

export interface SlowlogQuery {
  offset: number;
  limit: number;
  sort_key: 'start_time' | 'duration';
  sort_dir: 'desc' | 'asc';
  start_time: string;
  end_time: string;
}
