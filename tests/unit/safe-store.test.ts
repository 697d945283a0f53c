import { createLogger } from '../../api/_lib/log';
import { MemoryStore } from '../../api/_lib/store/memory-store';
import { FailOpenStore } from '../../api/_lib/store/safe-store';
import type { Store } from '../../api/_lib/store/types';

/**
 * The circuit breaker in front of Redis: a short timeout per call, open after a few failures
 * in a row (calls fall back at once, the inner store is not called), one probe after the
 * cool-down, closed again when the probe answers. The hung-Redis end-to-end run is in
 * tests/proof/faults-redis.test.ts.
 */
function flakyStore() {
  const inner = new MemoryStore();
  let mode: 'ok' | 'hang' | 'fail' = 'ok';
  let calls = 0;
  const wrap = <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
    (...a: A): Promise<R> => {
      calls += 1;
      if (mode === 'hang') return new Promise<R>(() => undefined);
      if (mode === 'fail') return Promise.reject(new Error('ECONNRESET'));
      return fn(...a);
    };
  const store: Store = {
    kind: 'upstash',
    get: wrap((k: string) => inner.get(k)),
    getJson: wrap((k: string) => inner.getJson(k)) as Store['getJson'],
    setJson: wrap((k: string, v: unknown, t: number) => inner.setJson(k, v, t)),
    del: wrap((...k: string[]) => inner.del(...k)),
    incr: wrap((k: string) => inner.incr(k)),
    limit: wrap((p, id) => inner.limit(p, id)),
  };
  return {
    store,
    set: (m: typeof mode) => (mode = m),
    get calls() {
      return calls;
    },
  };
}

describe('FailOpenStore circuit breaker', () => {
  let clock = 0;
  const now = () => clock;
  const opts = { timeoutMs: 30, threshold: 3, cooldownMs: 1_000, now };

  it('times a hung call out quickly and falls back', async () => {
    const f = flakyStore();
    const s = new FailOpenStore(f.store, createLogger('silent'), opts);
    f.set('hang');
    const t0 = performance.now();
    expect(await s.getJson('k')).toBeNull();
    expect(performance.now() - t0).toBeLessThan(200);
  });

  it('opens after the threshold, skips the store while open, probes once after the cool-down and closes', async () => {
    clock = 0;
    const f = flakyStore();
    const s = new FailOpenStore(f.store, createLogger('silent'), opts);
    await s.setJson('k', { v: 1 }, 60);
    f.set('hang');
    for (let i = 0; i < 3; i++) expect(await s.getJson('k')).toBeNull();
    expect(s.circuit).toBe('open');
    const before = f.calls;
    const t0 = performance.now();
    for (let i = 0; i < 50; i++) await s.getJson('k');
    expect(f.calls).toBe(before);
    expect(performance.now() - t0).toBeLessThan(50);
    expect((await s.limit({ name: 'read', limit: 5, windowSeconds: 60 }, 'x')).success).toBe(true);

    // Still hung after the cool-down: the one probe fails and the circuit opens again.
    clock += 1_001;
    expect(await s.getJson('k')).toBeNull();
    expect(f.calls).toBe(before + 1);
    expect(s.circuit).toBe('open');

    // Redis answers again: the next probe closes the circuit and values come back.
    f.set('ok');
    clock += 1_001;
    expect(await s.getJson('k')).toEqual({ v: 1 });
    expect(s.circuit).toBe('closed');
    expect(await s.getJson('k')).toEqual({ v: 1 });
  });

  it('lets only one probe through while half-open', async () => {
    clock = 0;
    const f = flakyStore();
    const s = new FailOpenStore(f.store, createLogger('silent'), opts);
    f.set('fail');
    for (let i = 0; i < 3; i++) await s.get('k');
    expect(s.circuit).toBe('open');
    f.set('hang');
    clock += 1_001;
    const before = f.calls;
    const probes = await Promise.all([s.get('a'), s.get('b'), s.get('c'), s.get('d')]);
    expect(probes).toEqual([null, null, null, null]);
    expect(f.calls).toBe(before + 1);
  });

  it('a failure below the threshold is forgotten after a success', async () => {
    const f = flakyStore();
    const s = new FailOpenStore(f.store, createLogger('silent'), opts);
    for (let round = 0; round < 3; round++) {
      f.set('fail');
      await s.get('k');
      await s.get('k');
      f.set('ok');
      await s.get('k');
    }
    expect(s.circuit).toBe('closed');
  });
});
