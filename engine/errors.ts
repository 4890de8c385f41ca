/**
 * The one table of error replies. Every error text the engine sends is defined here, spelled
 * exactly as Redis 7.0 spells it, so clients and tools that match on the text keep working.
 * Handlers reference these; they never format error text inline. Shared by every thread.
 */

export const Err = {
  WRONGTYPE: 'WRONGTYPE Operation against a key holding the wrong kind of value',
  SYNTAX: 'ERR syntax error',
  NOT_INTEGER: 'ERR value is not an integer or out of range',
  NOT_FLOAT: 'ERR value is not a valid float',
  OVERFLOW: 'ERR increment or decrement would overflow',
  INCR_NAN: 'ERR increment would produce NaN or Infinity',
  NO_SUCH_KEY: 'ERR no such key',
  OUT_OF_RANGE: 'ERR index out of range',
  DB_INDEX: 'ERR DB index is out of range',
  SELECT_INDEX: 'ERR DB index is out of range',
  INVALID_EXPIRE: (cmd: string) => `ERR invalid expire time in '${cmd}' command`,
  NOAUTH: 'NOAUTH Authentication required.',
  WRONGPASS: 'WRONGPASS invalid username-password pair or user is disabled.',
  AUTH_NOT_CONFIGURED: 'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
  UNKNOWN_COMMAND: (name: string, args: string[]) => {
    let argText = '';
    for (let i = 1; i < args.length && argText.length < 128; i++) argText += `'${args[i].slice(0, 128 - argText.length)}' `;
    return `ERR unknown command '${name.slice(0, 128)}', with args beginning with: ${argText}`;
  },
  UNKNOWN_SUBCOMMAND: (sub: string, cmd: string) =>
    `ERR unknown subcommand '${sub.slice(0, 128)}'. Try ${cmd.toUpperCase()} HELP.`,
  WRONG_ARGS: (name: string) => `ERR wrong number of arguments for '${name}' command`,
  MULTI_NESTED: 'ERR MULTI calls can not be nested',
  EXEC_WITHOUT_MULTI: 'ERR EXEC without MULTI',
  DISCARD_WITHOUT_MULTI: 'ERR DISCARD without MULTI',
  WATCH_IN_MULTI: 'ERR WATCH inside MULTI is not allowed',
  EXECABORT: 'EXECABORT Transaction discarded because of previous errors.',
  NOT_IN_MULTI: (name: string) => `ERR Command not allowed inside a transaction`,
  SUBSCRIBE_CONTEXT: (name: string) =>
    `ERR Can't execute '${name}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`,
  BIT_OFFSET: 'ERR bit offset is not an integer or out of range',
  BIT_VALUE: 'ERR bit is not an integer or out of range',
  STRING_TOO_LONG: 'ERR string exceeds maximum allowed size (proto-max-bulk-len)',
  SAME_OBJECT: 'ERR source and destination objects are the same',
  TIMEOUT_NEGATIVE: 'ERR timeout is negative',
  PROTO_UNSUPPORTED: 'NOPROTO unsupported protocol version',
  MAXCLIENTS: 'ERR max number of clients reached',
  BUSYKEY: 'BUSYKEY Target key name already exists.',
  NOT_SUPPORTED: (what: string) => `ERR ${what} is not supported by dcs-engine yet`,
  UNKNOWN_SUBCOMMAND_OR_ARGS: (sub: string, cmd: string) =>
    `ERR unknown subcommand or wrong number of arguments for '${sub.slice(0, 128)}'. Try ${cmd.toUpperCase()} HELP.`,
  DENY_BLOCKING: (name: string) => `ERR ${name} isn't allowed for a DENY BLOCKING client`,
  // keyspace and expiry commands
  INVALID_CURSOR: 'ERR invalid cursor',
  EXPIRE_NX_AND_OTHERS: 'ERR NX and XX, GT or LT options at the same time are not compatible',
  EXPIRE_GT_AND_LT: 'ERR GT and LT options at the same time are not compatible',
  UNSUPPORTED_OPTION: (opt: string) => `ERR Unsupported option ${opt}`,
  SWAPDB_FIRST_INDEX: 'ERR invalid first DB index',
  SWAPDB_SECOND_INDEX: 'ERR invalid second DB index',
  VALUE_MUST_BETWEEN: (min: string, max: string) => `ERR value is out of range, value must between ${min} and ${max}`,
  LFU_NOT_SELECTED:
    'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
  LFU_SELECTED:
    'ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
  // string and bitmap commands
  DECR_OVERFLOW: 'ERR decrement would overflow',
  OFFSET_OUT_OF_RANGE: 'ERR offset is out of range',
  BIT_ARG: 'ERR The bit argument must be 1 or 0.',
  BITOP_NOT_ONE_KEY: 'ERR BITOP NOT must be called with a single source key.',
  BITFIELD_TYPE: 'ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.',
  BITFIELD_OVERFLOW_TYPE: 'ERR Invalid OVERFLOW type specified',
  BITFIELD_RO_GET_ONLY: 'ERR BITFIELD_RO only supports the GET subcommand',
  LCS_NOT_STRINGS: 'ERR The specified keys must contain string values',
  LCS_LEN_AND_IDX: 'ERR If you want both the length and indexes, please just use IDX.',
  LCS_TOO_LONG: 'ERR String too long for LCS',
  LCS_MEMORY_LIMIT: 'ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len',
  LCS_ALLOC_FAILED: 'ERR Insufficient memory, failed allocating transient memory for LCS',
  // server commands (CONFIG, COMMAND, CLIENT, SLOWLOG, DEBUG, SHUTDOWN)
  SUBCOMMAND_SYNTAX: (sub: string, cmd: string) =>
    `ERR unknown subcommand or wrong number of arguments for '${sub.slice(0, 128)}'. Try ${cmd} HELP.`,
  GETKEYS_INVALID_COMMAND: 'ERR Invalid command specified',
  GETKEYS_NO_KEYS: 'ERR The command has no key arguments',
  GETKEYS_ARITY: 'ERR Invalid number of arguments specified for command',
  GETKEYS_INVALID_ARGS: 'ERR Invalid arguments specified for command',
  CLIENT_NAME_INVALID: 'ERR Client names cannot contain spaces, newlines or special characters.',
  CLIENT_TYPE_UNKNOWN: (t: string) => `ERR Unknown client type '${t}'`,
  INVALID_CLIENT_ID: 'ERR Invalid client ID',
  NO_SUCH_CLIENT: 'ERR No such client',
  CLIENT_ID_POSITIVE: 'ERR client-id should be greater than 0',
  NO_SUCH_USER: (u: string) => `ERR No such user '${u}'`,
  PAUSE_TIMEOUT: 'ERR timeout is not an integer or out of range',
  PAUSE_MODE: 'ERR CLIENT PAUSE mode must be WRITE or ALL',
  CLIENT_CACHING: 'ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled',
  UNBLOCK_REASON: 'ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR',
  SLOWLOG_COUNT: 'ERR count should be greater than or equal to -1',
  DEBUG_NOT_ALLOWED:
    'ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.',
  DEBUG_PROTOCOL:
    'ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false',
  RESP2_NOT_SUPPORTED: 'ERR RESP2 is not supported by this command',
  NO_SHUTDOWN: 'ERR No shutdown in progress.',
  // collections (list, set, hash, sorted set)
  MUST_BE_POSITIVE: 'ERR value is out of range, must be positive',
  HASH_NOT_INTEGER: 'ERR hash value is not an integer',
  HASH_NOT_FLOAT: 'ERR hash value is not a float',
  NAN_OR_INFINITY: 'ERR value is NaN or Infinity',
  ZADD_XX_NX: 'ERR XX and NX options at the same time are not compatible',
  ZADD_GT_LT_NX: 'ERR GT, LT, and/or NX options at the same time are not compatible',
  ZADD_INCR_PAIR: 'ERR INCR option supports a single increment-element pair',
  SCORE_NAN: 'ERR resulting score is not a number (NaN)',
  MIN_MAX_FLOAT: 'ERR min or max is not a float',
  MIN_MAX_LEX: 'ERR min or max not valid string range item',
  LIMIT_NEEDS_BY: 'ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX',
  WITHSCORES_BYLEX: 'ERR syntax error, WITHSCORES not supported in combination with BYLEX',
  BGSAVE_IN_PROGRESS: 'ERR Background save already in progress',
  SAVE_FAILED: 'ERR',
  RELOAD_LOAD_FAILED: 'ERR Error trying to load the RDB dump, check server logs.',
  RELOAD_OPTIONS: 'ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.',
} as const;
