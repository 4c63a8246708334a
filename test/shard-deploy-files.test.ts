/**
 * The files docs/shards.md gives for running shards on an existing engine
 * (a Kubernetes Indexed Job, a GitHub Actions matrix) are parsed, and their
 * shell commands are run with a stand-in `simulate` that prints its
 * arguments: every index gives a distinct shard K/N with N the job's own
 * count, and the merge names exactly the files the shards write.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseShard } from '../src/run/shards.js';
import { ROOT } from './support/cli.js';

const doc = (name: string): any => parse(readFileSync(join(ROOT, 'docs/shards', name), 'utf8'));

/** Run `command` in sh with a `simulate` that prints its arguments one per line. */
function argsOf(command: string, env: Record<string, string> = {}): string[] {
  const out = execFileSync('sh', ['-c', `simulate() { printf '%s\\n' "$@"; }\nnpx() { shift; simulate "$@"; }\n${command}`], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
  return out.trimEnd().split('\n');
}
const flag = (args: string[], name: string): string => args[args.indexOf(name) + 1]!;

describe('shards on Kubernetes and GitHub Actions', () => {
  it('Kubernetes Indexed Job: JOB_COMPLETION_INDEX 0..completions−1 gives shards 1/N..N/N, each writing its own file, and the merge Job reads them all', () => {
    const job = doc('kubernetes-indexed-job.yaml');
    expect(job.kind).toBe('Job');
    expect(job.spec.completionMode).toBe('Indexed');
    const n = job.spec.completions as number;
    const container = job.spec.template.spec.containers[0];
    expect(container.command).toEqual(['sh', '-c']);
    const outs: string[] = [];
    for (let i = 0; i < n; i++) {
      const args = argsOf(container.args[0], { JOB_COMPLETION_INDEX: String(i) });
      expect(parseShard(flag(args, '--shard'))).toEqual({ index: i + 1, count: n });
      outs.push(flag(args, '--out'));
    }
    expect(new Set(outs).size).toBe(n);
    const mount = container.volumeMounts[0].mountPath as string;
    for (const o of outs) expect(o.startsWith(`${mount}/`)).toBe(true);
    const merge = doc('kubernetes-merge-job.yaml').spec.template.spec.containers[0];
    const margs = argsOf(merge.args[0]);
    expect(margs[0]).toBe('merge');
    expect(margs.filter((a) => a.endsWith('.json') && outs.includes(a)).sort()).toEqual([...outs].sort());
  });

  it('GitHub Actions: one matrix job per shard K/N, artifacts named after them, and a merge job that needs them all', () => {
    const wf = doc('github-actions-matrix.yml');
    const shards = wf.jobs.shard.strategy.matrix.shard as number[];
    const run = (wf.jobs.shard.steps as Array<{ run?: string }>).find((s) => s.run?.includes('--shard'))!.run!;
    const files = shards.map((k) => {
      const args = argsOf(run.replaceAll('${{ matrix.shard }}', String(k)));
      expect(parseShard(flag(args, '--shard'))).toEqual({ index: k, count: shards.length });
      return flag(args, '--out');
    });
    expect(new Set(files).size).toBe(shards.length);
    expect(wf.jobs.merge.needs).toBe('shard');
    const merge = (wf.jobs.merge.steps as Array<{ run?: string }>).find((s) => s.run?.includes('simulate merge'))!.run!;
    // The glob the merge passes matches every shard's file, and nothing else it downloads.
    const glob = merge.split(' ').find((w) => w.includes('*'))!;
    const re = new RegExp(`^${glob.replace('.', '\\.').replace('*', '.*')}$`);
    for (const f of files) expect(f).toMatch(re);
    expect('summary.json').not.toMatch(re);
  });
});
