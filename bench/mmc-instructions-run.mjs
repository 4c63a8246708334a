// Runs `requests` arrivals of M/M/8 at ρ = 0.8, through the full model (`engine`) or the bare loop
// (`bare`), with the code of the checkout `dir` (for bench/mmc-instructions.sh).
const [dir, mode, requestsArg] = process.argv.slice(2);
// The V8 setting simulate runs with in checkout `dir`, if it has one (src/run/v8-tuning.ts; older checkouts ran without).
try {
  (await import(`${dir}/dist/src/run/v8-tuning.js`)).tuneV8();
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND') throw e;
}
const requests = Number(requestsArg);
const lambda = 6.4;
if (mode === 'bare') {
  const { runBareMmc } = await import(`${dir}/dist/bench/mmc-bare.js`);
  runBareMmc(lambda, 1, 8, requests);
} else {
  const { runEngineMmc } = await import(`${dir}/dist/bench/mmc-engine.js`);
  runEngineMmc(lambda, 1, 8, requests / lambda);
}
