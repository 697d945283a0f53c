/**
 * Our server for `npm run bench`, in its own process so its CPU time is attributable:
 * the same local server `npm run serve` runs (vercel.json routing, one handler per api/
 * file), without the static H5 files. The parent asks for cpuUsage/RSS over IPC.
 */
import type { AddressInfo } from 'node:net';
import { getRuntime } from '../../api/_lib/runtime';
import { createLocalServer } from '../local-server';
import { answerStats } from './child-ipc';

async function main() {
  const runtime = await getRuntime();
  const server = createLocalServer();
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', resolve));
  answerStats(async () => {
    server.close();
    await runtime.close();
  });
  process.send!({ type: 'ready', port: (server.address() as AddressInfo).port });
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
