/**
 * Ctrl-C and SIGTERM keep what is done (issue 16 item 3): the summary of
 * the replications completed, marked partial, equal to a run asked for
 * that many; exit 130/143; a second signal stops at once.
 */
import { EventEmitter } from 'node:events';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Interrupts, type SignalHost } from '../src/cli/interrupts.js';
import { replicationLines } from '../src/cli/progress.js';
import { deterministicPart, type Summary } from '../src/run/summary.js';
import { runScenario } from '../src/run/run-scenario.js';
import { RunInterrupted } from '../src/run/run-interrupted.js';
import { resolveScenarioData } from '../src/scenario/load.js';
import { simulate, simulateAndSignal } from './support/cli.js';
import { tempDir } from './support/temp-scenarios.js';

const MM1 = 'test/fixtures/mm1-small.json';
const doneCount = (stderr: string): number => (stderr.match(/^simulate: replication \d+ done/gm) ?? []).length;

/** The summary without the marks of an interrupted run and the wall-clock fields. */
function comparable(s: Summary): string {
  const { partial: _p, interrupted: _i, ...rest } = s;
  return JSON.stringify(deterministicPart(rest as Summary));
}

function fakeHost(): SignalHost & { emitter: EventEmitter; exits: number[]; text: string[] } {
  const emitter = new EventEmitter();
  const host = {
    emitter,
    exits: [] as number[],
    text: [] as string[],
    on: (e: string, l: () => void) => emitter.on(e, l),
    off: (e: string, l: () => void) => emitter.off(e, l),
    exit: ((code: number) => void host.exits.push(code)) as (code: number) => never,
    stderr: { write: (t: string) => host.text.push(t) },
  };
  return host;
}

describe('Interrupts (the handlers)', () => {
  it('the first SIGINT aborts the run (130); the second cleans up and exits at once with 130', () => {
    const host = fakeHost();
    let cleaned = 0;
    const interrupts = new Interrupts(() => cleaned++, host);
    expect(interrupts.signal.aborted).toBe(false);
    expect(interrupts.exitCode).toBeUndefined();
    host.emitter.emit('SIGINT');
    expect(interrupts.signal.aborted).toBe(true);
    expect(interrupts.signal.reason).toBe('SIGINT');
    expect(interrupts.exitCode).toBe(130);
    expect(host.exits).toEqual([]);
    expect(cleaned).toBe(0);
    host.emitter.emit('SIGINT');
    expect(cleaned).toBe(1);
    expect(host.exits).toEqual([130]);
    expect(host.text.join('')).toMatch(/again: stopped at once, nothing saved/);
  });

  it('SIGTERM means 143, and remove() gives the signals back', () => {
    const host = fakeHost();
    const interrupts = new Interrupts(() => {}, host);
    expect(host.emitter.listenerCount('SIGINT')).toBe(1);
    host.emitter.emit('SIGTERM');
    expect(interrupts.exitCode).toBe(143);
    interrupts.remove();
    expect(host.emitter.listenerCount('SIGINT')).toBe(0);
    expect(host.emitter.listenerCount('SIGTERM')).toBe(0);
  });

  it('SIMULATE_PROGRESS=lines prints a line at the start and one per replication done; nothing otherwise', () => {
    expect(replicationLines(3, {})).toBeUndefined();
    const lines: string[] = [];
    const done = replicationLines(3, { SIMULATE_PROGRESS: 'lines' }, (s) => lines.push(s))!;
    done(1);
    done(0);
    expect(lines).toEqual(['simulate: running 3 replication(s)\n', 'simulate: replication 1 done (1 of 3)\n', 'simulate: replication 0 done (2 of 3)\n']);
  });
});

/** The M/M/1 fixture with `replications`, resolved in this process. */
function mm1Scenario(replications: number) {
  const data = JSON.parse(readFileSync(MM1, 'utf8'));
  data.run.replications = replications;
  data.run.duration = '500s';
  return resolveScenarioData(data, MM1).scenario;
}

describe('runScenario with a signal', () => {
  it('in this thread, an abort as replication 2 completes keeps exactly 0..2, equal to a run of 3 replications', async () => {
    const controller = new AbortController();
    const done: number[] = [];
    const partial = await runScenario(mm1Scenario(10), {
      signal: controller.signal,
      onReplicationDone: (i) => {
        done.push(i);
        if (i === 2) controller.abort('SIGINT');
      },
    });
    expect(done).toEqual([0, 1, 2]);
    expect(partial.interrupted).toEqual({ signal: 'SIGINT', completedReplications: 3, requestedReplications: 10 });
    expect(partial.partial).toBe(true);
    expect(comparable(partial)).toBe(comparable(await runScenario(mm1Scenario(3))));
  });

  it('in a worker, an abort before anything completes throws RunInterrupted; with replications auto it keeps the batches done', async () => {
    const controller = new AbortController();
    controller.abort('SIGTERM');
    await expect(runScenario(mm1Scenario(4), { signal: controller.signal, isolate: true })).rejects.toBeInstanceOf(RunInterrupted);
    const auto = new AbortController();
    const s = await runScenario(mm1Scenario(1), {
      signal: auto.signal,
      auto: { targetRelativeHalfWidth: 1e-9, maxReplications: 50 },
      onReplicationDone: (i) => i === 0 && auto.abort('SIGINT'),
    });
    expect(s.interrupted?.requestedReplications).toBe(50);
    expect(s.replications).toBe(s.interrupted?.completedReplications);
    expect(s.replications).toBeLessThan(50);
  });
});

describe('simulate interrupted (the built CLI)', () => {
  for (const [signal, workers, code] of [
    ['SIGINT', '1', 130],
    ['SIGTERM', '2', 143],
  ] as const) {
    it(`${signal} after the first replication, ${workers} worker(s): exit ${code}, the partial summary equals a run of that many replications, --out written`, async () => {
      const out = join(tempDir(), 'summary.json');
      // Replication 0 itself: with two workers, replication 1 may finish first, and a summary keeps only 0..k-1.
      const r = await simulateAndSignal(signal, (e) => /^simulate: replication 0 done/m.test(e), MM1, '--replications', '40', '--workers', workers, '--json', '--out', out);
      expect(r.sent).toBe(true);
      expect(r.code, r.stderr).toBe(code);
      const partial = JSON.parse(r.stdout) as Summary;
      expect(partial.partial).toBe(true);
      const k = partial.interrupted!.completedReplications;
      expect(partial.interrupted).toEqual({ signal, completedReplications: k, requestedReplications: 40 });
      expect(k).toBeGreaterThanOrEqual(1);
      expect(k).toBeLessThan(40);
      expect(partial.replications).toBe(k);
      expect(r.stderr).toContain(`the summary covers ${k} of 40 replications`);
      expect(readFileSync(out, 'utf8')).toBe(r.stdout);
      const fresh = simulate(MM1, '--replications', String(k), '--workers', '1', '--json');
      expect(fresh.code, fresh.stderr).toBe(0);
      expect(comparable(partial)).toBe(comparable(JSON.parse(fresh.stdout) as Summary));
    });
  }

  it('interrupted before any replication completes: exit 130, no summary, an existing --out result untouched and no temporary file left', async () => {
    const dir = tempDir();
    const out = join(dir, 'summary.json');
    writeFileSync(out, '{"previous": "result"}\n');
    // 200,000 s at 50/s: 10 M arrivals, seconds per replication; the signal follows the start line by milliseconds.
    const r = await simulateAndSignal('SIGINT', (e) => /running 2 replication/.test(e), MM1, '--duration', '200000s', '--replications', '2', '--workers', '1', '--out', out);
    expect(r.sent).toBe(true);
    expect(r.code, r.stderr).toBe(130);
    expect(doneCount(r.stderr)).toBe(0);
    expect(r.stderr).toMatch(/interrupted \(SIGINT\) before any of the 2 replication\(s\) completed: nothing written/);
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe('{"previous": "result"}\n');
    expect(readdirSync(dir)).toEqual(['summary.json']);
  });

  it('the table says the summary is partial', async () => {
    const r = await simulateAndSignal('SIGINT', (e) => doneCount(e) >= 1, MM1, '--replications', '40', '--workers', '1');
    expect(r.code, r.stderr).toBe(130);
    expect(r.stdout).toMatch(/PARTIAL: interrupted \(SIGINT\) after \d+ of 40 replications/);
  });
});
