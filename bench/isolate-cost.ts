/**
 * What running one replication in a worker thread costs (`isolate`, so that
 * Ctrl-C is handled at once). As the CLI does, each run is a fresh process
 * (a cold JIT in either case): one replication in the main thread or in a
 * worker, alternated five times; medians of the process wall time in ms.
 *
 *   npm run build && node dist/bench/isolate-cost.js scenarios/sofoot-worldcup.json
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { runScenario } from '../src/run/run-scenario.js';
import { loadScenario } from '../src/scenario/load.js';

const [file = 'scenarios/sofoot-worldcup.json', once] = process.argv.slice(2);
if (once !== undefined) {
  const { scenario } = loadScenario(file, (d) => ({ ...(d as object), run: { ...((d as { run?: object }).run ?? {}), replications: 1 } }));
  await runScenario(scenario, { isolate: once === 'worker' });
} else {
  const self = fileURLToPath(import.meta.url);
  const times: Record<string, number[]> = { thread: [], worker: [] };
  for (let k = 0; k < 5; k++) {
    for (const mode of ['thread', 'worker']) {
      const t = performance.now();
      const r = spawnSync(process.execPath, [self, file, mode], { stdio: 'inherit' });
      if (r.status !== 0) throw new Error(`${mode} run failed`);
      times[mode]!.push(performance.now() - t);
    }
  }
  for (const [mode, t] of Object.entries(times)) {
    t.sort((a, b) => a - b);
    process.stdout.write(`${file} ${mode}: median ${t[2]!.toFixed(0)} ms (${t.map((x) => x.toFixed(0)).join(' ')})\n`);
  }
}
