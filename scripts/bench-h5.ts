/**
 * `npm run bench:h5` — the H5 home page's first load on a slow phone (issue 20), measured the
 * way Lighthouse's mobile profile does: Chromium with 150 ms RTT, 1.6 Mbit/s down, 750 kbit/s
 * up and a 4× CPU slowdown, against `npm run serve` (the Node host) on a free port over a fresh
 * DATA_DIR. Median of 5 for a cold visit (empty cache) and for a return visit (cache kept).
 *
 *   npm run bench:h5                      # builds H5 first if it is stale
 *   npm run bench:h5 -- --runs 7 --json out.json
 *   npm run bench:h5 -- --root /path/to/other/checkout   # serve another checkout (before/after)
 *
 * Goals: ≤ 200 KB of JavaScript moved and LCP ≤ 2.5 s cold; ≤ 1.5 s to interactive on return.
 * Exits 1 when a goal is missed, so CI can hold it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type CDPSession } from 'playwright-core';
import { ensureH5Build } from './h5-build';

const ROOT = path.resolve(__dirname, '..');
/** Lighthouse's "slow 4G" mobile throttling (its simulated figures, applied for real here). */
const NETWORK = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };
const CPU_SLOWDOWN = 4;
/** A home-page element that only exists once React has rendered the page. */
const HOME_READY = '[data-testid="tile-handbook"]';
const GOALS = { jsKB: 200, lcpMs: 2500, returnInteractiveMs: 1500 };

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function startServer(root: string, port: number, dataDir: string): Promise<ChildProcess> {
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/serve.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not ready in 180 s:\n${out}`)), 180_000);
    const onData = (chunk: Buffer) => {
      out = (out + chunk.toString()).slice(-20000);
      if (out.includes(`http://127.0.0.1:${port}`)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
}

/** Runs in the page before any of its scripts: LCP and the moment the home page is on screen. */
const PAGE_PROBE = `
  window.__bench = { lcp: 0, ready: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.lcp = e.startTime;
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  (function poll() {
    const el = document.querySelector('${HOME_READY}');
    if (el && el.getBoundingClientRect().height > 0) window.__bench.ready = performance.now();
    else requestAnimationFrame(poll);
  })();
`;

interface Visit {
  bytes: Record<string, number>;
  requests: number;
  lcpMs: number;
  readyMs: number;
  loadMs: number;
  interactiveMs: number;
}

type Kind = 'js' | 'css' | 'html' | 'json' | 'image' | 'font' | 'other';
function kindOf(mime: string, url: string): Kind {
  if (/javascript|ecmascript/.test(mime) || /\.js(\?|$)/.test(url)) return 'js';
  if (/css/.test(mime)) return 'css';
  if (/html/.test(mime)) return 'html';
  if (/json/.test(mime)) return 'json';
  if (/^image\//.test(mime)) return 'image';
  if (/font/.test(mime)) return 'font';
  return 'other';
}

async function throttle(cdp: CDPSession): Promise<void> {
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', NETWORK);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
}

async function visit(context: BrowserContext, url: string): Promise<Visit> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await throttle(cdp);
  const mime = new Map<string, { mime: string; url: string }>();
  const bytes: Record<string, number> = {};
  let requests = 0;
  cdp.on('Network.responseReceived', (e) => mime.set(e.requestId, { mime: e.response.mimeType, url: e.response.url }));
  cdp.on('Network.loadingFinished', (e) => {
    const m = mime.get(e.requestId);
    const kind = kindOf(m?.mime ?? '', m?.url ?? '');
    // encodedDataLength: bytes on the wire (headers + compressed body); 0-ish from the cache.
    bytes[kind] = (bytes[kind] ?? 0) + e.encodedDataLength;
    requests += 1;
  });
  await page.addInitScript(PAGE_PROBE);
  await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
  await page.waitForSelector(HOME_READY, { state: 'visible', timeout: 120_000 });
  // Let late requests (API reads, lazy chunks) land and LCP settle; nothing is clicked.
  await page.waitForLoadState('networkidle', { timeout: 60_000 }).catch(() => undefined);
  await page.waitForTimeout(500);
  const m = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const b = (window as unknown as { __bench: { lcp: number; ready: number } }).__bench;
    return { lcp: b.lcp, ready: b.ready, load: nav.loadEventEnd };
  });
  await cdp.detach();
  await page.close();
  return { bytes, requests, lcpMs: m.lcp, readyMs: m.ready, loadMs: m.load, interactiveMs: Math.max(m.load, m.ready) };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function summarise(visits: Visit[]) {
  const kinds = new Set(visits.flatMap((v) => Object.keys(v.bytes)));
  const bytes: Record<string, number> = {};
  for (const k of kinds) bytes[k] = median(visits.map((v) => v.bytes[k] ?? 0));
  return {
    bytesKB: Object.fromEntries(Object.entries(bytes).map(([k, b]) => [k, Math.round(b / 100) / 10])),
    totalKB: Math.round(median(visits.map((v) => Object.values(v.bytes).reduce((a, b) => a + b, 0))) / 100) / 10,
    requests: median(visits.map((v) => v.requests)),
    lcpMs: Math.round(median(visits.map((v) => v.lcpMs))),
    readyMs: Math.round(median(visits.map((v) => v.readyMs))),
    loadMs: Math.round(median(visits.map((v) => v.loadMs))),
    interactiveMs: Math.round(median(visits.map((v) => v.interactiveMs))),
  };
}

async function main() {
  const runs = Number(arg('runs') ?? 5);
  const root = path.resolve(arg('root') ?? ROOT);
  if (root === ROOT) await ensureH5Build();
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sn-bench-h5-data-'));
  const load0 = os.loadavg();
  const server = await startServer(root, port, dataDir);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const url = `http://127.0.0.1:${port}/`;
  const contextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
  const cold: Visit[] = [];
  const warm: Visit[] = [];
  try {
    // One discarded visit: the server's first compression of each file and its JIT warm-up
    // are not what a phone sees once the host has been up for a minute.
    const warmUp = await browser.newContext(contextOptions);
    await visit(warmUp, url);
    await warmUp.close();
    for (let i = 0; i < runs; i++) {
      // A fresh context is an empty HTTP cache: the cold visit; its second page is the return visit.
      const context = await browser.newContext(contextOptions);
      cold.push(await visit(context, url));
      warm.push(await visit(context, url));
      await context.close();
      process.stderr.write(`run ${i + 1}/${runs}: cold LCP ${Math.round(cold[i].lcpMs)} ms, JS ${((cold[i].bytes.js ?? 0) / 1000).toFixed(1)} KB; return ${Math.round(warm[i].interactiveMs)} ms\n`);
    }
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const load1 = os.loadavg();
  const result = {
    when: new Date().toISOString(),
    machine: `${os.cpus().length}× ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    loadAverage1m: { before: Math.round(load0[0] * 100) / 100, after: Math.round(load1[0] * 100) / 100 },
    throttling: { rttMs: NETWORK.latency, downKbit: 1600, upKbit: 750, cpuSlowdown: CPU_SLOWDOWN },
    runs,
    cold: summarise(cold),
    returnVisit: summarise(warm),
  };
  console.log(JSON.stringify(result, null, 2));
  const out = arg('json');
  if (out) fs.writeFileSync(out, JSON.stringify(result, null, 2));
  const jsKB = result.cold.bytesKB.js ?? 0;
  const misses = [
    jsKB > GOALS.jsKB && `JS moved ${jsKB.toFixed(1)} KB > ${GOALS.jsKB} KB`,
    result.cold.lcpMs > GOALS.lcpMs && `LCP ${result.cold.lcpMs} ms > ${GOALS.lcpMs} ms`,
    result.returnVisit.interactiveMs > GOALS.returnInteractiveMs && `return visit ${result.returnVisit.interactiveMs} ms > ${GOALS.returnInteractiveMs} ms`,
  ].filter(Boolean);
  if (misses.length) {
    console.error(`goals missed (load average ${result.loadAverage1m.after} on ${os.cpus().length} cores): ${misses.join('; ')}`);
    process.exit(1);
  }
  console.error('goals met');
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(2);
});
