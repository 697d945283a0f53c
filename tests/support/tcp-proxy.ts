import net from 'node:net';

/**
 * A TCP proxy in front of a real server (PostgreSQL here) that a test can cut and restore,
 * as if the server went away and came back, without disturbing other tests using it.
 */
export interface TcpProxy {
  port: number;
  /** Refuse new connections and reset the open ones. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let port = 0;

  const listen = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(targetPort, targetHost);
        sockets.add(client);
        sockets.add(upstream);
        const drop = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on('error', drop);
        upstream.on('error', drop);
        client.on('close', drop);
        upstream.on('close', drop);
        client.pipe(upstream);
        upstream.pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as net.AddressInfo).port;
        resolve();
      });
    });

  await listen();
  const stop = async () => {
    for (const s of sockets) {
      if (s.resetAndDestroy) s.resetAndDestroy();
      else s.destroy();
    }
    sockets.clear();
    if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = null;
  };
  return {
    get port() {
      return port;
    },
    stop,
    start: listen,
    close: stop,
  };
}
