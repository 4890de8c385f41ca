/**
 * control/views.ts — how rows are shown in API responses.
 *
 * Owns: the instance representation (list item and detail, with the reference's field names,
 * including both spellings where 000 and 001 differ), node/group views, task, backup and restore
 * records. Constants stand in for cloud-only fields (billing, VPC names, EIP) as the digest's
 * §12 table recommends.
 *
 * Invariants: nothing here ever reads InstanceRow.password; responses carry only
 * `no_password_access`. Pure functions of their inputs.
 */

import type { BackupRow, InstanceRow, Json, NodeRow, RestoreRow, TaskRow } from './db/repo.ts';
import { maxmemoryBytes } from './catalogue/config-params.ts';
import { mbToGbText } from './catalogue/flavors.ts';
import { zoneByCode } from './catalogue/zones.ts';
import type { NodeStats } from './supervisor/supervisor.ts';
import { iso } from './util.ts';
import { isLoopback } from './options.ts';

const MB = 1024 * 1024;

export interface ViewEnv {
  /** address reported as `ip` */
  host: string;
  stats: (nodeId: string) => NodeStats | undefined;
}

function capacityFields(mb: number): { capacity: number; capacity_minor: string } {
  if (mb >= 1024) return { capacity: Math.floor(mb / 1024), capacity_minor: '' };
  const text = mbToGbText(mb);
  return { capacity: 0, capacity_minor: text.startsWith('0') ? text.slice(1) : text };
}

function usedMemoryMb(nodes: NodeRow[], env: ViewEnv): number {
  let bytes = 0;
  for (const n of nodes) if (n.role === 'master') bytes += env.stats(n.id)?.used_memory ?? 0;
  return Math.round(bytes / MB);
}

function domain(env: ViewEnv): string {
  return isLoopback(env.host) ? 'localhost' : env.host;
}

function accessPort(inst: InstanceRow, nodes: NodeRow[]): number {
  return nodes.find((n) => n.role === 'proxy')?.port ?? nodes.find((n) => n.role === 'master')?.port ?? inst.port;
}

const FEATURES = { support_acl: false, support_transparent_client_ip: false, support_ssl: false, support_audit_log: false };

/** The fields shared by the list item and the detail. */
function common(inst: InstanceRow, nodes: NodeRow[], env: ViewEnv): { [k: string]: Json } {
  const cap = capacityFields(inst.capacity_mb);
  const shown = inst.status === 'CREATING' || inst.status === 'CREATEFAILED' || inst.status === 'DELETED';
  return {
    instance_id: inst.id,
    name: inst.name,
    description: inst.description,
    engine: 'Redis',
    engine_version: inst.engine_version,
    cache_mode: inst.cache_mode,
    spec_code: inst.spec_code,
    capacity: cap.capacity,
    capacity_minor: cap.capacity_minor,
    max_memory: Math.floor(maxmemoryBytes(inst) / MB),
    used_memory: shown ? 0 : usedMemoryMb(nodes, env),
    status: inst.status,
    sub_status: inst.sub_status,
    fail_reason: inst.fail_reason,
    ip: shown && inst.status !== 'CREATING' ? '' : env.host,
    port: accessPort(inst, nodes),
    domain_name: domain(env),
    readonly_domain_name: inst.cache_mode === 'ha' ? domain(env) : null,
    no_password_access: inst.no_password_access ? 'true' : 'false',
    access_user: inst.access_user,
    maintain_begin: inst.maintain_begin,
    maintain_end: inst.maintain_end,
    az_codes: inst.az_codes,
    vpc_id: inst.vpc_id,
    vpc_name: 'local-vpc',
    subnet_id: inst.subnet_id,
    security_group_id: inst.security_group_id,
    publicip_id: inst.publicip_id,
    public_ip_address: null,
    publicip_address: null,
    enable_publicip: inst.enable_publicip,
    enable_ssl: inst.enable_ssl,
    charging_mode: 0,
    order_id: null,
    service_upgrade: false,
    service_task_id: inst.service_task_id,
    user_id: 'local',
    user_name: 'local',
    tags: inst.tags.map((t) => ({ key: t.key, value: t.value })),
    enterprise_project_id: inst.enterprise_project_id ?? '0',
    cpu_type: inst.cpu_type,
    features: FEATURES,
    created_at: iso(inst.created_at),
    updated_at: iso(inst.updated_at),
  };
}

export function instanceListItem(inst: InstanceRow, nodes: NodeRow[], env: ViewEnv): { [k: string]: Json } {
  return common(inst, nodes, env);
}

export function instanceDetail(inst: InstanceRow, nodes: NodeRow[], env: ViewEnv): { [k: string]: Json } {
  const policy: Json =
    inst.backup_policy === null
      ? null
      : {
          backup_policy_id: inst.backup_policy_id,
          created_at: iso(inst.backup_policy_at),
          updated_at: iso(inst.backup_policy_at),
          policy: inst.backup_policy,
          tenant_id: inst.project_id,
        };
  const backends = nodes.filter((n) => n.role === 'master').map((n) => `${env.host}:${n.port}`);
  return {
    ...common(inst, nodes, env),
    security_group_name: inst.security_group_id === null ? null : 'local-security-group',
    subnet_name: 'local-subnet',
    subnet_cidr: '127.0.0.0/8',
    instance_backup_policy: policy,
    available_zones: inst.az_codes.map((c) => zoneByCode(c)?.id ?? c),
    backend_addresses: inst.cache_mode === 'cluster' || inst.cache_mode === 'proxy' ? backends.join(',') : null,
    backend_addrs: inst.cache_mode === 'cluster' || inst.cache_mode === 'proxy' ? backends.join(',') : null,
    domain_name_info: { support_public_resolve: false, is_latest_rules: true, zone_name: null, history_domain_names: [] },
    transparent_client_ip_enable: false,
    enterprise_project_name: 'default',
    update_at: iso(inst.updated_at),
    product_type: 'generic',
    storage_type: 'DRAM',
    launched_at: iso(inst.launched_at),
    support_slow_log_flag: 'true',
    db_number: 16,
    replica_count: inst.replica_count,
    sharding_count: inst.sharding_count,
    bandwidth_info: {
      begin_time: 0,
      end_time: 0,
      current_time: Date.now(),
      bandwidth: 0,
      next_expand_time: 0,
      expand_count: 0,
      expand_effect_time: 0,
      expand_interval_time: 0,
      max_expand_count: 0,
      task_running: false,
    },
    cloud_service_type_code: 'hws.service.type.dcs',
    cloud_resource_type_code: 'hws.resource.type.dcs3',
    inquiry_spec_code: inst.spec_code,
    inquery_spec_code: inst.spec_code,
    rename_commands: inst.rename_commands,
  };
}

/** A node as `NodesInfoResp`. */
export function nodeInfo(inst: InstanceRow, n: NodeRow, env: ViewEnv): { [k: string]: Json } {
  const proxy = n.role === 'proxy';
  return {
    logical_node_id: n.logical_node_id,
    name: `(${n.role === 'slave' ? 'replica' : n.role})${env.host}:${n.port}`,
    status: n.status,
    az_code: n.az_code,
    node_role: proxy ? 'redis-proxy' : 'redis-server',
    node_type: n.role,
    node_ip: env.host,
    node_port: String(n.port),
    node_id: n.id,
    priority_weight: n.priority_weight,
    is_access: n.role !== 'slave',
    group_id: n.group_id,
    group_name: n.group_name,
    is_remove_ip: false,
    replication_id: n.replication_id,
    dimensions: dimensions(inst, n),
  };
}

function dimensions(inst: InstanceRow, n: NodeRow): Json {
  return [
    { name: 'dcs_instance_id', value: inst.id },
    { name: n.role === 'proxy' ? 'dcs_cluster_proxy2_node' : 'dcs_cluster_redis_node', value: n.logical_node_id },
  ];
}

/** A replica as `InstanceReplicationListInfo`. */
export function replicationInfo(inst: InstanceRow, n: NodeRow, env: ViewEnv): { [k: string]: Json } {
  return {
    replication_role: n.role === 'slave' ? 'slave' : 'master',
    replication_ip: env.host,
    replication_port: n.port,
    is_replication: false,
    replication_id: n.replication_id,
    node_id: n.id,
    status: n.status === 'Active' ? 'Active' : 'Inactive',
    az_code: n.az_code,
    dimensions: dimensions(inst, n),
  };
}

export function taskView(t: TaskRow): { [k: string]: Json } {
  return {
    id: t.id,
    name: t.name,
    details: t.details,
    user_name: 'local',
    user_id: 'local',
    params: t.params,
    status: t.status,
    created_at: iso(t.created_at),
    updated_at: iso(t.updated_at),
    enable_show: t.enable_show,
    instance_id: t.instance_id,
    error_code: t.error_code,
    fail_reason: t.fail_reason,
    job_id: t.id,
  };
}

export function backupView(b: BackupRow): { [k: string]: Json } {
  return {
    backup_id: b.id,
    period: {},
    backup_name: b.name,
    instance_id: b.instance_id,
    size: b.size,
    backup_type: b.backup_type,
    created_at: iso(b.created_at),
    updated_at: iso(b.updated_at),
    progress: b.progress,
    error_code: b.error_code,
    remark: b.remark,
    status: b.status,
    is_support_restore: b.is_support_restore,
    execution_at: iso(b.execution_at ?? b.created_at),
    backup_format: b.backup_format,
  };
}

export function restoreView(r: RestoreRow, backup: BackupRow | null): { [k: string]: Json } {
  return {
    backup_id: r.backup_id,
    restore_id: r.id,
    backup_name: backup?.name ?? null,
    updated_at: iso(r.updated_at),
    restore_remark: r.remark,
    created_at: iso(r.created_at),
    progress: r.progress,
    error_code: r.error_code,
    restore_name: r.name,
    backup_remark: backup?.remark ?? null,
    status: r.status,
  };
}
