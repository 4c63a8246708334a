// Runs the first `seconds` of the frozen sofoot workload (bench/sofoot-instructions.json) with its
// traffic held at the first phase's 767 requests/s for the whole run, with the code of the checkout
// `dir` (for bench/instructions-per-request-long.sh). Why: the standard count's window (200 → 500 s)
// ends where the first phase does; a window three times longer divides the run-to-run noise of
// valgrind's count (V8's compilation and GC timing: about ±50 instructions per request over
// 230,100 requests) by about three.
import { tuneAsCheckout } from './checkout-v8.mjs';
import { fileURLToPath } from 'node:url';
const [dir, secondsArg] = process.argv.slice(2);
await tuneAsCheckout(dir); // the V8 setting simulate runs with in that checkout (bench/checkout-v8.mjs)
const workload = fileURLToPath(new URL('./sofoot-instructions.json', import.meta.url));
const { loadScenario } = await import(`${dir}/dist/src/scenario/load.js`);
const { runReplication } = await import(`${dir}/dist/src/run/replication.js`);
const scenario = loadScenario(workload).scenario;
scenario.run.durationSeconds = Number(secondsArg);
// The first phase's rate from time 0 on, for ever: the last breakpoint at time 0 (the profile steps from 0 to 767/s there).
const atZero = scenario.ratePoints.filter((p) => p[0] === 0);
scenario.ratePoints = [[0, atZero[atZero.length - 1][1]]];
runReplication(scenario, 0);
