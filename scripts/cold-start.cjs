#!/usr/bin/env node
// Cold start of one deployed function, whole process: spawn node on the `vercel build`
// output, load the handler, answer one GET that reads PostgreSQL, exit. Median of 5.
// Usage: DATABASE_URL=postgres://… SESSION_SECRET=… node scripts/cold-start.cjs [api/content] (after scripts/check-functions.sh)
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const fn = process.argv[2] || 'api/content';
const dir = path.join(__dirname, '..', '.vercel', 'output', 'functions', `${fn}.func`);
const child = `
const http = require('node:http');
const h = require(${JSON.stringify(path.join(dir, fn + '.js'))});
const handler = h.default || h;
const server = http.createServer((req, res) => handler(req, res));
server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  http.get('http://127.0.0.1:' + port + '/api/communities', (res) => {
    res.resume();
    res.on('end', () => { if (res.statusCode !== 200) { console.error('status', res.statusCode); process.exit(1); } process.exit(0); });
  });
});`;
const times = [];
for (let i = 0; i < 5; i++) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-e', child], { env: { ...process.env, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) process.exit(r.status || 1);
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
times.sort((a, b) => a - b);
console.log(`${fn}: cold start (spawn → first answer from PostgreSQL → exit), runs ms: ${times.map((t) => t.toFixed(0)).join(', ')}; median ${times[2].toFixed(0)} ms`);
