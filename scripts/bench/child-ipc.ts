/** The bench's server children answer `stats` (CPU and memory) and `stop` over IPC. */
export function answerStats(close: () => Promise<void>) {
  process.on('message', async (m: { type: string }) => {
    if (m.type === 'stats') {
      process.send!({ type: 'stats', cpu: process.cpuUsage(), rss: process.memoryUsage().rss });
    } else if (m.type === 'gc') {
      (globalThis as { gc?: () => void }).gc?.();
      process.send!({ type: 'gc' });
    } else if (m.type === 'stop') {
      await close().catch(() => undefined);
      // A normal exit, so `--cpu-prof` writes its profile.
      process.exit(0);
    }
  });
  process.on('disconnect', () => process.exit(0));
}
