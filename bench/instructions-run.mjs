// Runs the first `seconds` of the sofoot scenario of the checkout `dir` (for bench/instructions-per-request.sh).
const [dir, secondsArg] = process.argv.slice(2);
const { loadScenario } = await import(`${dir}/dist/src/scenario/load.js`);
const { runReplication } = await import(`${dir}/dist/src/run/replication.js`);
const scenario = loadScenario(`${dir}/scenarios/sofoot-worldcup.json`).scenario;
scenario.run.durationSeconds = Number(secondsArg);
runReplication(scenario, 0);
