// Preload (`node --require`) for the bench: when BENCH_SQL_TRACE names a file, appends
// each statement the process sends to PostgreSQL (text and values, one JSON a line), so
// the bare baseline can run exactly the SQL our server runs.
const fs = require('node:fs');
const file = process.env.BENCH_SQL_TRACE;
if (file) {
  const { Client } = require('pg');
  const query = Client.prototype.query;
  Client.prototype.query = function (config, values, ...rest) {
    const text = typeof config === 'string' ? config : config && config.text;
    const vals = (config && typeof config === 'object' && config.values) || (Array.isArray(values) ? values : []);
    if (text) fs.appendFileSync(file, `${JSON.stringify({ text, values: vals })}\n`);
    return query.call(this, config, values, ...rest);
  };
}
