/**
 * Replications that scale, memory that stays flat (issue 16 item 5):
 *
 *   node dist/bench/scale.js [--only speedup,memory,month] [--replications N]
 *
 * - speedup: the sofoot scenario's N replications with 1 and then 2 worker
 *   threads, each in a fresh process pinned with `taskset -c 0,1` when
 *   taskset exists, alternated 3 times; the best wall time of each. The
 *   speed-up is only meaningful on two idle cores: the run prints the load
 *   average beside it.
 * - memory: the peak RSS of a 1-day and a 30-day run of
 *   test/fixtures/mmc-long.json (10 requests/s, default windows), and of
 *   sofoot (bench/peak-rss.mjs).
 * - month: the wall time of one replication of the World Cup month
 *   (scenarios/sofoot-worldcup.month.json), when it exists.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'dist/src/cli/main.js');
const hasTaskset = spawnSync('taskset', ['-V']).status === 0;

function simulate(args: string[]): { wallSeconds: number; requests: number } {
  const pin = hasTaskset ? ['taskset', '-c', '0,1'] : [];
  const cmd = [...pin, process.execPath, CLI, ...args, '--json'];
  const t0 = performance.now();
  const r = spawnSync(cmd[0]!, cmd.slice(1), { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0 && r.status !== 1) throw new Error(`simulate ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const s = JSON.parse(r.stdout) as { requests: { total: number } };
  return { wallSeconds: wall, requests: s.requests.total };
}

function peakRss(args: string[]): number {
  const r = spawnSync(process.execPath, [join(ROOT, 'bench/peak-rss.mjs'), ROOT, ...args, '--quiet'], { cwd: ROOT, encoding: 'utf8' });
  const m = /peak-rss-kB (\d+)/.exec(r.stderr);
  if (!m) throw new Error(`peak-rss: ${r.stderr}`);
  return Number(m[1]) / 1024;
}

function speedup(replications: number): void {
  const base = ['scenarios/sofoot-worldcup.json', '--replications', String(replications), '--quiet'];
  const one: number[] = [];
  const two: number[] = [];
  const load = loadavg()[0]!;
  for (let round = 0; round < 3; round++) {
    one.push(simulate([...base, '--workers', '1']).wallSeconds);
    two.push(simulate([...base, '--workers', '2']).wallSeconds);
  }
  const b1 = Math.min(...one);
  const b2 = Math.min(...two);
  console.log(`speed-up, sofoot × ${replications} replications${hasTaskset ? ', taskset -c 0,1' : ''}, best of 3 fresh processes (load average ${load.toFixed(2)} at the start, ${loadavg()[0]!.toFixed(2)} at the end):`);
  console.log(`  1 worker  ${b1.toFixed(2)} s   [${one.map((x) => x.toFixed(2)).join(' ')}]`);
  console.log(`  2 workers ${b2.toFixed(2)} s   [${two.map((x) => x.toFixed(2)).join(' ')}]`);
  console.log(`  speed-up ${(b1 / b2).toFixed(2)}× (target ≥ 1.8× on two idle cores)`);
}

function memory(): void {
  console.log('peak RSS (bench/peak-rss.mjs, one process, default windows):');
  for (const [label, args] of [
    ['mmc-long, 1 day', ['test/fixtures/mmc-long.json', '--duration', '1d']],
    ['mmc-long, 30 days', ['test/fixtures/mmc-long.json', '--duration', '30d', '--max-events', 'unlimited']],
    ['sofoot-worldcup, 1 replication', ['scenarios/sofoot-worldcup.json', '--replications', '1']],
  ] as const) {
    console.log(`  ${label.padEnd(32)} ${peakRss([...args]).toFixed(0)} MB`);
  }
}

function month(): void {
  const file = 'scenarios/sofoot-worldcup.month.json';
  if (!existsSync(join(ROOT, file))) {
    console.log(`month: ${file} does not exist yet`);
    return;
  }
  const r = simulate([file, '--replications', '1', '--workers', '1', '--max-events', 'unlimited', '--quiet']);
  console.log(`World Cup month, 1 replication: ${r.wallSeconds.toFixed(1)} s wall, ${r.requests.toLocaleString('en-US')} requests measured (${(r.requests / r.wallSeconds / 1e6).toFixed(2)} M requests/s)`);
}

const argv = process.argv.slice(2);
const onlyAt = argv.indexOf('--only');
const only = new Set(onlyAt >= 0 ? argv[onlyAt + 1]!.split(',') : ['speedup', 'memory', 'month']);
const repAt = argv.indexOf('--replications');
const reps = repAt >= 0 ? Number(argv[repAt + 1]) : 4;
if (only.has('speedup')) speedup(reps);
if (only.has('memory')) memory();
if (only.has('month')) month();
