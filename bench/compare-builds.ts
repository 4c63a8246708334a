/**
 * Interleaved A/B of the sofoot scenario between two built checkouts of
 * this project (e.g. the current tree and an older commit in a git
 * worktree): `node dist/bench/compare-builds.js <dirA> <dirB> [rounds]`.
 * Each checkout runs its own copy of scenarios/sofoot-worldcup.json.
 *
 * Why interleaved, in one process: the machine's speed drifts by ±20% from
 * one minute to the next, so two runs minutes apart compare the machine,
 * not the code; alternating A and B puts both under the same drift.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

interface Build {
  dir: string;
  scenario: unknown;
  run: (scenario: unknown, index: number) => { ok: number; failed: number; inFlightAtEnd: number; wallSeconds: number };
  rates: number[];
}

const [dirA, dirB, roundsArg] = process.argv.slice(2);
if (dirA === undefined || dirB === undefined) {
  console.error('usage: node dist/bench/compare-builds.js <dirA> <dirB> [rounds]');
  process.exit(2);
}
const rounds = Number(roundsArg ?? 5);
const builds: Build[] = [];
for (const d of [dirA, dirB]) {
  const dir = resolve(d);
  const load = await import(pathToFileURL(`${dir}/dist/src/scenario/load.js`).href);
  const rep = await import(pathToFileURL(`${dir}/dist/src/run/replication.js`).href);
  builds.push({ dir, scenario: load.loadScenario(`${dir}/scenarios/sofoot-worldcup.json`).scenario, run: rep.runReplication, rates: [] });
}
for (let round = 0; round < rounds; round++) {
  for (const b of builds) {
    const r = b.run(b.scenario, 0);
    b.rates.push((r.ok + r.failed + r.inFlightAtEnd) / r.wallSeconds);
  }
}
for (const b of builds) {
  const sorted = [...b.rates].sort((x, y) => x - y);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  console.log(`${b.dir}: median ${(median / 1e6).toFixed(3)} M req/s, best ${(sorted[sorted.length - 1]! / 1e6).toFixed(3)}; rounds ${b.rates.map((x) => (x / 1e6).toFixed(2)).join(' ')}`);
}
