/**
 * control/errors.ts — the DCS error table and the error type every route throws.
 *
 * Owns: the `DCS.xxxx` codes the control service answers with (HTTP status, code, message
 * copied verbatim from the DCS API reference's error-code appendix), `DcsError`, and the body
 * shape `{error_code, error_msg, error_ext_msg}` (error_ext_msg is always null, as documented).
 *
 * Invariants: handlers never format error text themselves; they pick an entry of ERRORS and, for
 * the `{0}` templates, the name of the offending parameter. Codes are append-only.
 */

export interface ErrorSpec {
  readonly status: number;
  readonly code: string;
  readonly msg: string;
}

function e(status: number, code: string, msg: string): ErrorSpec {
  return { status, code, msg };
}

/** The DCS error codes used by dcs-control (messages verbatim from the reference). */
export const ERRORS = {
  // 401 / 403 — authentication and authorization
  INVALID_TOKEN: e(401, 'DCS.1001', 'Invalid token.'),
  TOKEN_EXPIRED: e(401, 'DCS.1002', 'Token expired.'),
  NO_TOKEN: e(401, 'DCS.1003', 'No token in the request.'),
  PROJECT_MISMATCH: e(401, 'DCS.1004', 'Project ID does not match the token.'),
  NO_PERMISSION: e(403, 'DCS.2003', 'This role does not have the permission to perform this operation.'),
  // 404 / 405 — routing and unknown resources
  INSTANCE_NOT_FOUND: e(404, 'DCS.3022', 'This DCS instance does not exist.'),
  URL_NOT_FOUND: e(404, 'DCS.4001', 'The requested URL does not exist.'),
  METHOD_NOT_ALLOWED: e(405, 'DCS.5001', 'This request method is not allowed.'),
  // 400 — request format
  INVALID_PROJECT_ID: e(400, 'DCS.4002', 'Invalid project ID format.'),
  EMPTY_BODY: e(400, 'DCS.4004', 'Empty request body.'),
  BAD_JSON: e(400, 'DCS.4005', 'The message body contains invalid characters or is not in JSON format.'),
  INVALID_INSTANCE_ID: e(400, 'DCS.4061', 'Invalid instance ID format.'),
  INVALID_TASK_ID: e(400, 'DCS.4070', 'Invalid task ID format.'),
  INVALID_PARAM: e(400, 'DCS.4800', 'Invalid {0} in the request.'),
  INVALID_PARAMETER: e(400, 'DCS.4063', 'Invalid {0} parameter in the request.'),
  JOB_NOT_FOUND: e(400, 'DCS.4133', 'Instance job is not found.'),
  // 400 — instance creation
  ENGINE_NOT_SUPPORTED: e(400, 'DCS.4006', 'The selected cache engine type is not supported.'),
  TYPE_NOT_SUPPORTED: e(400, 'DCS.4007', 'Instance type is not supported.'),
  VERSION_NOT_SUPPORTED: e(400, 'DCS.4008', 'The selected cache engine version is not supported.'),
  INVALID_NAME: e(
    400,
    'DCS.4010',
    'Invalid DCS instance name. The name must be 4 to 64 characters in length. Only letters (case-insensitive), digits, underscores (_), and hyphens (-) are allowed.',
  ),
  INVALID_DESCRIPTION: e(400, 'DCS.4011', 'DCS instance description cannot exceed 1024 characters.'),
  INVALID_CAPACITY: e(400, 'DCS.4012', 'Invalid capacity parameter in the request.'),
  INVALID_VPC: e(400, 'DCS.4013', 'Invalid vpc_id in the request.'),
  INVALID_SECURITY_GROUP: e(400, 'DCS.4014', 'Invalid security_group_id in the request.'),
  INVALID_SUBNET: e(400, 'DCS.4016', 'Invalid subnet_id in the request.'),
  PASSWORD_COMPLEXITY: e(400, 'DCS.4019', 'The password does not meet complexity requirements.'),
  END_BEFORE_START: e(400, 'DCS.4025', 'The end time must be after the start time.'),
  AZ_NOT_FOUND: e(400, 'DCS.4042', 'This AZ does not exist.'),
  NAME_EXISTS: e(400, 'DCS.4060', 'This DCS instance name already exists.'),
  INVALID_SPEC_CODE: e(400, 'DCS.4927', 'The param spec_code is invalid'),
  INVALID_NO_PASSWORD_ACCESS: e(400, 'DCS.4843', 'The no_password_access parameter is missing or its value is invalid.'),
  INVALID_ACCESS_USER: e(400, 'DCS.4844', 'The access_user parameter is missing or its value is invalid.'),
  INVALID_PASSWORD: e(400, 'DCS.4845', 'The password parameter is missing or its value is invalid.'),
  NEW_PASSWORD_NOT_ALLOWED: e(400, 'DCS.4849', 'The request parameter new_password should not exist.'),
  PASSWORD_FREE: e(400, 'DCS.4850', 'This operation is not supported when Password-Free Access is enabled for the instance.'),
  NETWORK_IP_INSUFFICIENT: e(400, 'DCS.4911', 'The network ip insufficient.'),
  // 400 — quotas
  INSTANCE_QUOTA: e(400, 'DCS.4035', 'DCS instance quota of the tenant is insufficient.'),
  MEMORY_QUOTA: e(400, 'DCS.4036', 'Memory quota of the tenant is insufficient.'),
  // 400 — instance state
  JOB_RUNNING: e(400, 'DCS.4017', 'This DCS instance job task is still running.'),
  BAD_STATE: e(400, 'DCS.4026', 'This operation is not allowed when the DCS instance is in the current state.'),
  NOT_RUNNING: e(400, 'DCS.4049', 'The instance status is not running.'),
  CANNOT_DELETE_BUSY: e(400, 'DCS.4099', 'DCS instances in the Creating, Starting, Stopping, or Restarting state cannot be deleted.'),
  RESTARTING: e(400, 'DCS.4111', 'the instance is restarting.'),
  EXTENDING: e(400, 'DCS.4113', 'the instance is extending.'),
  CONFIGURING: e(400, 'DCS.4114', 'the instance is configuring.'),
  CHANGING_PASSWORD: e(400, 'DCS.4115', 'the instance is changing the password.'),
  CREATING: e(400, 'DCS.4118', 'the instance is creating.'),
  BACKING_UP: e(400, 'DCS.4096', 'the instance is backuping.'),
  RESTORING: e(400, 'DCS.4097', 'the instance is restoring.'),
  // 400 — batch operations
  INVALID_ACTION: e(400, 'DCS.4064', 'The action parameter in the request must be start, stop, or restart.'),
  INSTANCES_MISSING: e(400, 'DCS.4065', 'The instances parameter in the request cannot be a null value or left unspecified.'),
  TOO_MANY_INSTANCES: e(400, 'DCS.4100', 'The number of instance IDs in an instances array cannot exceed 50.'),
  // 400 — configuration, maintenance, backup policy
  INVALID_CONFIG_VALUE: e(400, 'DCS.4066', 'Invalid value of the configure parameter {0}.'),
  RESERVED_MEMORY_TOO_BIG: e(400, 'DCS.4105', 'The value of reserved-memory cannot be greater than the free memory size of this DCS instance.'),
  INVALID_MAINTAIN_TIME: e(400, 'DCS.4106', 'The value of maintain time illegal.'),
  INVALID_SAVE_DAYS: e(400, 'DCS.4072', 'Invalid saveDays instance backup policy parameter in the request.'),
  INVALID_BACKUP_TYPE: e(400, 'DCS.4073', 'Invalid backupType instance backup policy parameter in the request.'),
  INVALID_PERIOD_TYPE: e(400, 'DCS.4074', 'Invalid periodType instance backup policy parameter in the request.'),
  INVALID_BACKUP_AT: e(400, 'DCS.4075', 'Invalid backupAt instance backup policy parameter in the request.'),
  INVALID_BEGIN_AT: e(400, 'DCS.4076', 'Invalid beginAt instance backup policy parameter in the request.'),
  // 400 — backup and restore
  BACKUP_NOT_SUCCEEDED: e(400, 'DCS.4087', 'the backup record status is err when restore this instance'),
  BACKUP_NOT_SUPPORTED: e(400, 'DCS.4095', 'the system is not support backup and restore.'),
  INVALID_REMARK: e(400, 'DCS.4098', 'The value of the remark parameter must be 0 to 128 characters in length.'),
  // 400 — resize
  RESIZE_NOT_SUPPORTED: e(400, 'DCS.4102', 'The system is not support resize.'),
  RESIZE_INVALID: e(400, 'DCS.4103', 'The system is not support resize.'),
  TYPE_CANNOT_CHANGE: e(400, 'DCS.4200', 'Instance type cannot be changed.'),
  // 400 — master/standby only
  SWAP_NOT_SUPPORTED: e(400, 'DCS.4855', 'Master standby swap is not supported.'),
  HA_ONLY: e(400, 'DCS.4086', 'only master standby instance is support this action'),
  // 400 — tasks
  TASK_STATE: e(400, 'DCS.4957', 'This operation is not allowed when the task is in the current state.'),
  // 500
  INTERNAL: e(500, 'DCS.5000', 'Internal service error.'),
  DELETE_BACKUP_FAILED: e(500, 'DCS.4101', 'Delete instance backup file failed.'),
} as const satisfies Record<string, ErrorSpec>;

export type ErrorName = keyof typeof ERRORS;

/** The body of every error response. */
export interface DcsErrorBody {
  error_code: string;
  error_msg: string;
  error_ext_msg: null;
}

/** An error answered to the client in DCS's shape. */
export class DcsError extends Error {
  override name = 'DcsError';
  readonly status: number;
  readonly code: string;

  constructor(spec: ErrorSpec, param?: string) {
    super(param === undefined ? spec.msg : spec.msg.replace('{0}', param));
    this.status = spec.status;
    this.code = spec.code;
  }

  body(): DcsErrorBody {
    return { error_code: this.code, error_msg: this.message, error_ext_msg: null };
  }
}

/** Shorthand: `throw dcs('INVALID_PARAM', 'offset')`. */
export function dcs(name: ErrorName, param?: string): DcsError {
  return new DcsError(ERRORS[name], param);
}

/** Which error a bad value of a given request field maps to (the rest: DCS.4800 "Invalid {field}"). */
export const FIELD_ERRORS: Readonly<Record<string, ErrorName>> = {
  name: 'INVALID_NAME',
  description: 'INVALID_DESCRIPTION',
  capacity: 'INVALID_CAPACITY',
  new_capacity: 'INVALID_CAPACITY',
  vpc_id: 'INVALID_VPC',
  subnet_id: 'INVALID_SUBNET',
  security_group_id: 'INVALID_SECURITY_GROUP',
  engine: 'ENGINE_NOT_SUPPORTED',
  engine_version: 'VERSION_NOT_SUPPORTED',
  spec_code: 'INVALID_SPEC_CODE',
  az_codes: 'AZ_NOT_FOUND',
  password: 'INVALID_PASSWORD',
  no_password_access: 'INVALID_NO_PASSWORD_ACCESS',
  access_user: 'INVALID_ACCESS_USER',
  remark: 'INVALID_REMARK',
  action: 'INVALID_ACTION',
  maintain_begin: 'INVALID_MAINTAIN_TIME',
  maintain_end: 'INVALID_MAINTAIN_TIME',
  save_days: 'INVALID_SAVE_DAYS',
  backup_type: 'INVALID_BACKUP_TYPE',
  period_type: 'INVALID_PERIOD_TYPE',
  backup_at: 'INVALID_BACKUP_AT',
  begin_at: 'INVALID_BEGIN_AT',
  instance_id: 'INVALID_INSTANCE_ID',
  project_id: 'INVALID_PROJECT_ID',
  task_id: 'INVALID_TASK_ID',
  job_id: 'INVALID_PARAMETER',
};
