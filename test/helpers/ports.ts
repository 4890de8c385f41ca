// Test helper: free TCP port discovery on the loopback interface.
// Owns: freePort().
import net from 'node:net';

/**
 * Returns a TCP port that was free on 127.0.0.1 at the time of the call:
 * binds an ephemeral port, reads it and closes the listener again.
 * (There is an unavoidable race between closing and the caller binding it;
 * the server starters in servers.ts retry on "address in use".)
 */
export function freePort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const addr = srv.address();
      if (addr === null || typeof addr === 'string') {
        srv.close();
        reject(new Error('freePort: could not read the bound address'));
        return;
      }
      const port = addr.port;
      srv.close((err) => (err ? reject(err) : resolve(port)));
    });
  });
}
