// DuckDB peer (npm @duckdb/node-api, installed by bench/setup-peers.sh into bench/peers/node).
// usage: node duckdb.cjs groupby-csv|groupby-json|convert-csv THREADS IN OUT
//   groupby-*: sum(primaryValue) by reporter, partner, flow, year under tradefig aggregate's
//     rules -> CSV OUT "reporter,partner,flow,year,USD,sum" (see RULES below)
//   convert-csv: every row of IN as JSON Lines -> OUT (may be /dev/null)
const { DuckDBInstance } = require('@duckdb/node-api');   // found through NODE_PATH

const [, , job, threads, src, dst] = process.argv;
const q = (s) => "'" + s.replaceAll("'", "''") + "'";
async function main() {
const inst = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const con = await inst.connect();
// The rows `tradefig aggregate --by reporter,partner,flow,year` sums, with its keys:
// breakdown rows (second partner not World, a transport mode, customs or supply mode
// other than the total) are skipped; reporter and partner as ISO codes, World as WLD;
// X and M as export and import, sub-flows as their codes; Comtrade values are US dollars.
// Of each group only the coarsest commodity level present is summed (aggrLevel: TOTAL 0
// before HS4 4): the sums per level, then the one at the smallest level (arg_min).
const v = (c) => `coalesce(CAST(${c} AS VARCHAR), '')`;
const RULES = (from, d) => `
  WITH t AS (
    SELECT ${d}reporterISO AS r,
           CASE WHEN ${d}partnerCode = 0 THEN 'WLD' ELSE ${d}partnerISO END AS p,
           CASE ${d}flowCode WHEN 'X' THEN 'export' WHEN 'M' THEN 'import' ELSE ${d}flowCode END AS f,
           ${d}refYear AS y, ${d}aggrLevel AS l, ${d}primaryValue AS val
    FROM ${from}
    WHERE ${v(d + 'partner2Code')} IN ('', '0') AND ${v(d + 'motCode')} IN ('', '0')
      AND ${v(d + 'customsCode')} IN ('', 'C00') AND ${v(d + 'mosCode')} IN ('', '0')),
  s AS (SELECT r, p, f, y, l, sum(val) AS val FROM t GROUP BY ALL)
  SELECT r, p, f, y, 'USD', arg_min(val, l) FROM s GROUP BY r, p, f, y`;
let sql;
if (job === 'groupby-csv') {
  sql = `COPY (${RULES(`read_csv(${q(src)}, header = true)`, '')}) TO ${q(dst)} (FORMAT csv, HEADER false)`;
} else if (job === 'groupby-json') {
  // The API+ envelope is one object; its "data" array is unnested into rows.
  sql = `COPY (${RULES(`(SELECT unnest(data) AS d FROM read_json(${q(src)}, maximum_object_size = 2147483647))`, 'd.')})
         TO ${q(dst)} (FORMAT csv, HEADER false)`;
} else if (job === 'convert-csv') {
  sql = `COPY (SELECT * FROM read_csv(${q(src)}, header = true)) TO ${q(dst)} (FORMAT json)`;
} else {
  console.error('duckdb.cjs: unknown job ' + job);
  process.exit(2);
}
await con.run(sql);
}
main().catch((e) => { console.error(e.message || e); process.exit(1); });
