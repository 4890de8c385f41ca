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
} as const;
