/**
 * control/schemas/topology.ts — request schemas of the shard and node routes.
 */

import { instanceParams, limit, offset, projectParams } from './common.ts';

export const groupsSchema = { params: instanceParams } as const;
export const logicalNodesSchema = { params: instanceParams } as const;
export const batchNodesSchema = {
  params: projectParams,
  querystring: { type: 'object', properties: { offset, limit } },
} as const;
