// DuckDB peer (npm @duckdb/node-api, installed by bench/setup-peers.sh into bench/peers/node).
// usage: node duckdb.cjs groupby-csv|groupby-json|convert-csv THREADS IN OUT
//   groupby-*: sum(primaryValue) by reporterCode, partnerCode, flowCode, refYear -> CSV OUT
//   convert-csv: every row of IN as JSON Lines -> OUT (may be /dev/null)
const { DuckDBInstance } = require('@duckdb/node-api');   // found through NODE_PATH

const [, , job, threads, src, dst] = process.argv;
const q = (s) => "'" + s.replaceAll("'", "''") + "'";
async function main() {
const inst = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const con = await inst.connect();
const keys = 'reporterCode, partnerCode, flowCode, refYear';
let sql;
if (job === 'groupby-csv') {
  sql = `COPY (SELECT ${keys}, sum(primaryValue) FROM read_csv(${q(src)}, header = true)
         GROUP BY ALL) TO ${q(dst)} (FORMAT csv, HEADER false)`;
} else if (job === 'groupby-json') {
  // The API+ envelope is one object; its "data" array is unnested into rows.
  sql = `COPY (SELECT d.reporterCode, d.partnerCode, d.flowCode, d.refYear, sum(d.primaryValue)
         FROM (SELECT unnest(data) AS d FROM read_json(${q(src)}, maximum_object_size = 2147483647))
         GROUP BY ALL) TO ${q(dst)} (FORMAT csv, HEADER false)`;
} else if (job === 'convert-csv') {
  sql = `COPY (SELECT * FROM read_csv(${q(src)}, header = true)) TO ${q(dst)} (FORMAT json)`;
} else {
  console.error('duckdb.cjs: unknown job ' + job);
  process.exit(2);
}
await con.run(sql);
}
main().catch((e) => { console.error(e.message || e); process.exit(1); });
