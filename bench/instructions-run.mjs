// Runs the first `seconds` of the frozen sofoot workload (bench/sofoot-instructions.json, this
// checkout's copy) with the code of the checkout `dir` (for bench/instructions-per-request.sh).
// Why a frozen copy: scenarios/sofoot-worldcup.json changes as the case study grows (issue #17);
// instruction counts compare code, so every checkout is measured on the same workload.
import { tuneAsCheckout } from './checkout-v8.mjs';
import { fileURLToPath } from 'node:url';
const [dir, secondsArg] = process.argv.slice(2);
await tuneAsCheckout(dir); // the V8 setting simulate runs with in that checkout (bench/checkout-v8.mjs)
const workload = fileURLToPath(new URL('./sofoot-instructions.json', import.meta.url));
const { loadScenario } = await import(`${dir}/dist/src/scenario/load.js`);
const { runReplication } = await import(`${dir}/dist/src/run/replication.js`);
const scenario = loadScenario(workload).scenario;
scenario.run.durationSeconds = Number(secondsArg);
runReplication(scenario, 0);
