/**
 * control/schemas/configs.ts — request schemas and types of the configuration parameter routes.
 */

import { instanceParams, str } from './common.ts';

export const getConfigsSchema = { params: instanceParams } as const;

export const putConfigsSchema = {
  params: instanceParams,
  body: {
    type: 'object',
    properties: {
      redis_config: {
        type: 'array',
        maxItems: 64,
        items: {
          type: 'object',
          required: ['param_id', 'param_name', 'param_value'],
          properties: { param_id: str(16, 1), param_name: str(64, 1), param_value: str(1024) },
        },
      },
    },
  },
} as const;

export interface ConfigItem {
  param_id: string;
  param_name: string;
  param_value: string;
}

export interface PutConfigsBody {
  redis_config?: ConfigItem[];
}
