import path from 'node:path';
import { getConfig } from '../api/_lib/config';
import { getRuntime } from '../api/_lib/runtime';
import { runScheduledJobs } from '../api/_lib/services/cron';
import { createLocalServer } from './local-server';
import { seedDemo } from './seed';
import { warmCompressionCache } from './static-assets';

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
  // Brotli at its best level is slow; do it now rather than on the first visitor's request.
  void warmCompressionCache(path.join(__dirname, '..', 'dist', 'h5'));
  const mode =
    (config.mode === 'local' ? '本地演示模式 (local mode)' : '连接模式 (connected mode)') +
    (config.demoLogin && config.databaseUrl ? ', DEMO_LOGIN=1: demo log-in is ON' : '');
  process.stdout.write(`石楠邻里 is ready at http://127.0.0.1:${port}/  — ${mode}, database: ${runtime.dbHandle.driver}\n`);
  // Vercel's cron calls /api/cron/tick once a day; a plain Node host runs the same jobs itself.
  const cron =
    config.localCronMinutes > 0
      ? setInterval(() => {
          runScheduledJobs(runtime, runtime.now())
            .then((summary) => runtime.log.info('local cron tick', { ...summary }))
            .catch((err: Error) => runtime.log.warn('local cron tick failed', { error: err.message }));
        }, config.localCronMinutes * 60_000)
      : null;
  cron?.unref();
  const stop = async () => {
    if (cron) clearInterval(cron);
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
