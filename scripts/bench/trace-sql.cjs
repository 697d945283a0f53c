// Preload (`node --require`) for the bench: when BENCH_SQL_TRACE names a file, appends
// each statement the process sends to PostgreSQL (text and values, one JSON a line), so
// the bare baseline can run exactly the SQL our server runs. The bench turns it off
// (IPC message `trace-off`) before it measures anything.
const fs = require('node:fs');
const file = process.env.BENCH_SQL_TRACE;
if (file) {
  let on = true;
  process.on('message', (m) => {
    if (m && m.type === 'trace-off') on = false;
  });
  const { Client } = require('pg');
  const query = Client.prototype.query;
  Client.prototype.query = function (config, values, ...rest) {
    if (on) {
      const text = typeof config === 'string' ? config : config && config.text;
      const vals = (config && typeof config === 'object' && config.values) || (Array.isArray(values) ? values : []);
      if (text) fs.appendFileSync(file, `${JSON.stringify({ text, values: vals })}\n`);
    }
    return query.call(this, config, values, ...rest);
  };
}
