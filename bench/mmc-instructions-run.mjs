// Runs `requests` arrivals of M/M/8 at ρ = 0.8, through the full model (`engine`) or the bare loop
// (`bare`), with the code of the checkout `dir` (for bench/mmc-instructions.sh).
import { tuneAsCheckout } from './checkout-v8.mjs';
const [dir, mode, requestsArg] = process.argv.slice(2);
await tuneAsCheckout(dir); // the V8 setting simulate runs with in that checkout (bench/checkout-v8.mjs)
const requests = Number(requestsArg);
const lambda = 6.4;
if (mode === 'bare') {
  const { runBareMmc } = await import(`${dir}/dist/bench/mmc-bare.js`);
  runBareMmc(lambda, 1, 8, requests);
} else {
  const { runEngineMmc } = await import(`${dir}/dist/bench/mmc-engine.js`);
  runEngineMmc(lambda, 1, 8, requests / lambda);
}
