import { getConfig } from '../api/_lib/config';
import { getRuntime } from '../api/_lib/runtime';
import { createLocalServer } from './local-server';
import { seedDemo } from './seed';

/** Serves the existing H5 build and the API on one port (no build step). */
export async function serve() {
  const config = getConfig();
  const port = Number(process.env.PORT ?? 3000);
  const runtime = await getRuntime();
  if (!config.databaseUrl) {
    // A fresh embedded database gets its demo data; a connected one is left to `npm run db:migrate`.
    if (await seedDemo(runtime.db)) runtime.log.info('demo data loaded', { dataDir: config.dataDir });
  }
  const server = createLocalServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const mode = config.mode === 'local' ? '本地演示模式 (local mode)' : '连接模式 (connected mode)';
  process.stdout.write(`石楠邻里 is ready at http://127.0.0.1:${port}/  — ${mode}, database: ${runtime.dbHandle.driver}\n`);
  const stop = async () => {
    server.close();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  serve().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
