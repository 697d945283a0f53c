import { serve } from './serve';

/** `npm start`: build the H5 app when it is missing or older than its sources, then serve. */
async function main() {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { ensureH5Build } = require('./h5-build') as { ensureH5Build: () => Promise<void> };
    await ensureH5Build();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw err;
  }
  await serve();
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
