/**
 * Connection commands: PING ECHO SELECT AUTH HELLO QUIT RESET. They run on the connection's worker
 * and change only the connection's own state. Worker thread.
 */

import { register } from './registry.ts';
import { Err } from '../errors.ts';
import { parseInteger, is } from './util/args.ts';
import { W } from '../worker/state.ts';
import type { Connection } from '../worker/connection.ts';
import type { Reply } from '../resp/reply.ts';
import { REDIS_VERSION } from '../version.ts';
import { connectionHooks } from '../worker/connection.ts';

function checkPassword(user: string, pass: string): boolean {
  if (user !== 'default') return false;
  return W.requirepass === '' || pass === W.requirepass;
}

function helloReply(conn: Connection, out: Reply): void {
  out.map(7);
  out.bulk('server');
  out.bulk('redis');
  out.bulk('version');
  out.bulk(REDIS_VERSION);
  out.bulk('proto');
  out.int(conn.proto);
  out.bulk('id');
  out.int(conn.id);
  out.bulk('mode');
  out.bulk('standalone');
  out.bulk('role');
  out.bulk('master');
  out.bulk('modules');
  out.array(0);
}

/** Hooks RESET uses to leave pub/sub and drop watches (installed by those modules). */
export const resetHooks: ((c: Connection) => void)[] = [];

register([
  {
    name: 'ping',
    arity: -1,
    flags: ['fast', 'sentinel', 'pubsub-context'],
    categories: ['@fast', '@connection'],
    group: 'connection',
    since: '1.0.0',
    summary: 'Ping the server',
    complexity: 'O(1)',
    args: [{ name: 'message', type: 'string', optional: true }],
    conn(conn, argv, out) {
      if (argv.length > 2) {
        out.error(Err.WRONG_ARGS('ping'));
        return;
      }
      if (conn.inPubSub && conn.proto === 2) {
        out.array(2);
        out.bulk('pong');
        out.bulk(argv.length === 2 ? argv[1] : '');
        return;
      }
      if (argv.length === 2) out.bulk(argv[1]);
      else out.simple('PONG');
    },
  },
  {
    name: 'echo',
    arity: 2,
    flags: ['loading', 'stale', 'fast'],
    categories: ['@fast', '@connection'],
    group: 'connection',
    since: '1.0.0',
    summary: 'Echo the given string',
    complexity: 'O(1)',
    args: [{ name: 'message', type: 'string' }],
    conn(_conn, argv, out) {
      out.bulk(argv[1]);
    },
  },
  {
    name: 'select',
    arity: 2,
    flags: ['loading', 'stale', 'fast'],
    categories: ['@fast', '@connection'],
    group: 'connection',
    since: '1.0.0',
    summary: 'Change the selected database for the current connection',
    complexity: 'O(1)',
    args: [{ name: 'index', type: 'integer' }],
    conn(conn, argv, out) {
      const n = parseInteger(argv[1]);
      if (n === undefined) {
        out.error(Err.NOT_INTEGER);
        return;
      }
      if (n < 0 || n >= W.databases) {
        out.error(Err.DB_INDEX);
        return;
      }
      conn.dbIndex = n;
      out.ok();
    },
  },
  {
    name: 'auth',
    arity: -2,
    flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'sentinel', 'allow_busy'],
    categories: ['@fast', '@connection'],
    group: 'connection',
    since: '1.0.0',
    summary: 'Authenticate to the server',
    complexity: 'O(N) where N is the number of passwords defined for the user',
    args: [
      { name: 'username', type: 'string', optional: true, since: '6.0.0' },
      { name: 'password', type: 'string' },
    ],
    conn(conn, argv, out) {
      if (argv.length > 3) {
        out.error(Err.SYNTAX);
        return;
      }
      const user = argv.length === 3 ? argv[1] : 'default';
      const pass = argv.length === 3 ? argv[2] : argv[1];
      if (argv.length === 2 && W.requirepass === '') {
        out.error(Err.AUTH_NOT_CONFIGURED);
        return;
      }
      if (!checkPassword(user, pass)) {
        out.error(Err.WRONGPASS);
        return;
      }
      conn.authenticated = true;
      conn.user = user;
      out.ok();
    },
  },
  {
    name: 'hello',
    arity: -1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'sentinel', 'allow_busy'],
    categories: ['@fast', '@connection'],
    group: 'connection',
    since: '6.0.0',
    summary: 'Handshake with Redis',
    complexity: 'O(1)',
    args: [
      {
        name: 'arguments',
        type: 'block',
        optional: true,
        arguments: [
          { name: 'protover', type: 'integer' },
          {
            name: 'username_password',
            token: 'AUTH',
            type: 'block',
            optional: true,
            arguments: [
              { name: 'username', type: 'string' },
              { name: 'password', type: 'string' },
            ],
          },
          { name: 'clientname', token: 'SETNAME', type: 'string', optional: true },
        ],
      },
    ],
    conn(conn, argv, out) {
      let ver = 0;
      let i = 1;
      if (argv.length >= 2) {
        const v = parseInteger(argv[1]);
        if (v === undefined) {
          out.error('ERR Protocol version is not an integer or out of range');
          return;
        }
        if (v < 2 || v > 3) {
          out.error(Err.PROTO_UNSUPPORTED);
          return;
        }
        ver = v;
        i = 2;
      }
      let user: string | null = null;
      let pass = '';
      let setName: string | null = null;
      for (; i < argv.length; i++) {
        const more = argv.length - i - 1;
        if (is(argv[i], 'AUTH') && more >= 2) {
          user = argv[i + 1];
          pass = argv[i + 2];
          i += 2;
        } else if (is(argv[i], 'SETNAME') && more >= 1) {
          setName = argv[i + 1];
          i += 1;
        } else {
          out.error(`ERR Syntax error in HELLO option '${argv[i]}'`);
          return;
        }
      }
      if (user !== null) {
        if (!checkPassword(user, pass)) {
          out.error(Err.WRONGPASS);
          return;
        }
        conn.authenticated = true;
        conn.user = user;
      }
      if (!conn.authenticated) {
        out.error(
          'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time',
        );
        return;
      }
      if (setName !== null) {
        if (!validClientName(setName)) {
          out.error('ERR Client names cannot contain spaces, newlines or special characters.');
          return;
        }
        conn.name = setName;
      }
      if (ver !== 0) {
        conn.proto = ver as 2 | 3;
        out.proto = conn.proto;
      }
      helloReply(conn, out);
    },
  },
  {
    name: 'quit',
    arity: -1,
    flags: ['allow_busy', 'noscript', 'loading', 'stale', 'fast', 'no_auth', 'multi-control', 'pubsub-context'],
    categories: ['@fast', '@connection'],
    group: 'connection',
    since: '1.0.0',
    summary: 'Close the connection',
    complexity: 'O(1)',
    conn(conn, _argv, out) {
      out.ok();
      conn.closeAfterReply = true;
    },
  },
  {
    name: 'reset',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy', 'multi-control', 'pubsub-context'],
    categories: ['@fast', '@connection'],
    group: 'connection',
    since: '6.2.0',
    summary: 'Reset the connection',
    complexity: 'O(1)',
    conn(conn, _argv, out) {
      for (const h of resetHooks) h(conn);
      conn.multi = null;
      conn.multiError = false;
      conn.dbIndex = 0;
      conn.proto = 2;
      out.proto = 2;
      conn.replyMode = 'on';
      conn.name = '';
      conn.monitor = false;
      conn.noEvict = false;
      conn.noTouch = false;
      conn.authenticated = W.requirepass === '';
      conn.user = 'default';
      out.simple('RESET');
    },
  },
]);

/** Redis allows client names of printable ASCII without spaces. */
export function validClientName(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 33 || c > 126) return false;
  }
  return true;
}

void connectionHooks;
