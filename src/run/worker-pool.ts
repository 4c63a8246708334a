/**
 * Replications [from, to) on a pool of worker threads, merged by index.
 *
 * Each worker runs one replication at a time and gets the next free index
 * when it posts a result. An abort keeps the prefix done in index order.
 *
 * A worker that dies (exits or throws while running replication k) ends the
 * range with {@link ReplicationCrashed}: no replication starts after it,
 * workers running one after k are terminated, and those running one before
 * k finish, so the crash keeps exactly replications from..k-1 whatever the
 * timing (the lowest crash wins if several die). Nothing waits for a
 * result that will never come.
 */
import { Worker } from 'node:worker_threads';
import type { ResolvedScenario } from '../scenario/resolved.js';
import { TraceError } from '../traffic/trace.js';
import { encodeScenario } from './scenario-transfer.js';
import { decodeResult } from './result-transfer.js';
import { replicationSeed, type ReplicationResult } from './replication.js';
import { RunStopped } from './run-stopped.js';
import { ReplicationCrashed } from './replication-crashed.js';
import type { WorkerInput, WorkerMessage } from './worker.js';

/** The process's Node flags but --input-type, which a worker started from a file refuses (`node --input-type=module -e …` starting a run). */
const WORKER_EXEC_ARGV = process.execArgv.filter((a) => !a.startsWith('--input-type'));

export interface PoolOptions {
  onProgress?: ((fraction: number) => void) | undefined;
  signal?: AbortSignal | undefined;
  onDone?: ((index: number) => void) | undefined;
}

export function runInWorkers(scenario: ResolvedScenario, from: number, to: number, workerCount: number, options: PoolOptions): Promise<ReplicationResult[]> {
  return new Promise((resolve, reject) => new WorkerPool(scenario, from, to, Math.min(workerCount, to - from), options, resolve, reject));
}

class WorkerPool {
  private readonly n: number;
  private readonly results: ReplicationResult[];
  private readonly fractions: Float64Array;
  /** The replication each worker is running (-1: none). */
  private readonly running = new Map<Worker, number>();
  private readonly pool: Worker[] = [];
  private next = 0;
  private done = 0;
  private ended = false;
  private crashAt = Infinity;
  private crashDetail = '';
  private readonly interrupt = (): void => {
    if (this.ended) return;
    this.stopAll();
    this.resolve(this.prefix());
  };

  constructor(
    private readonly scenario: ResolvedScenario,
    private readonly from: number,
    to: number,
    workerCount: number,
    private readonly options: PoolOptions,
    private readonly resolve: (r: ReplicationResult[]) => void,
    private readonly reject: (e: unknown) => void,
  ) {
    this.n = to - from;
    this.results = new Array(this.n);
    this.fractions = new Float64Array(this.n);
    if (options.signal?.aborted) {
      resolve([]);
      return;
    }
    options.signal?.addEventListener('abort', this.interrupt);
    const input: WorkerInput = { scenario: encodeScenario(scenario) };
    for (let k = 0; k < workerCount; k++) this.start(input);
  }

  private start(input: WorkerInput): void {
    const w = new Worker(new URL('./worker.js', import.meta.url), { workerData: input, execArgv: WORKER_EXEC_ARGV });
    this.pool.push(w);
    w.on('message', (m: WorkerMessage) => this.onMessage(w, m));
    w.on('error', (e) => this.crash(w, e.message));
    // A worker gone while it had a replication (killed, out of memory, process.exit): never wait for it.
    w.on('exit', (code) => {
      if ((this.running.get(w) ?? -1) >= 0) this.crash(w, `its worker thread exited (code ${code}) before the replication completed`);
    });
    this.assign(w);
  }

  private stopAll(): void {
    this.ended = true;
    this.options.signal?.removeEventListener('abort', this.interrupt);
    for (const w of this.pool) void w.terminate();
  }

  /** Replications from..from+k-1: the prefix done in index order. */
  private prefix(): ReplicationResult[] {
    const k = this.results.findIndex((r) => r === undefined);
    return k < 0 ? this.results : this.results.slice(0, k);
  }

  private assign(w: Worker): void {
    if (this.next < this.n && this.from + this.next < this.crashAt) {
      this.running.set(w, this.from + this.next);
      w.postMessage({ type: 'run', index: this.from + this.next++ });
    } else {
      this.running.set(w, -1);
      w.postMessage({ type: 'stop' });
    }
  }

  private onMessage(w: Worker, m: WorkerMessage): void {
    if (this.ended) return;
    if (m.type === 'progress') {
      this.fractions[m.index - this.from] = m.fraction;
      this.options.onProgress?.(this.fractions.reduce((a, b) => a + b, 0) / this.n);
    } else if (m.type === 'result') {
      this.results[m.index - this.from] = decodeResult(m.result);
      this.fractions[m.index - this.from] = 1;
      this.done++;
      this.options.onDone?.(m.index);
      if (this.crashAt < Infinity) {
        this.running.set(w, -1);
        this.settleCrash();
      } else if (this.done === this.n) {
        this.stopAll();
        this.resolve(this.results);
      } else {
        this.assign(w);
      }
    } else if (m.stopped !== undefined || m.trace) {
      this.stopAll();
      this.reject(m.stopped !== undefined ? new RunStopped(m.stopped) : new TraceError(m.trace!.file, m.trace!.line, m.trace!.detail));
    } else {
      this.crash(w, m.message);
    }
  }

  private crash(w: Worker, detail: string): void {
    if (this.ended) return;
    const index = this.running.get(w) ?? -1;
    this.running.set(w, -1);
    if (index >= 0 && index < this.crashAt) {
      this.crashAt = index;
      this.crashDetail = detail;
    }
    for (const [other, k] of this.running) {
      if (k > this.crashAt || other === w) {
        this.running.set(other, -1);
        void other.terminate();
      }
    }
    this.settleCrash();
  }

  /** After a crash at `crashAt`: done once every replication before it is. */
  private settleCrash(): void {
    const kept = this.prefix();
    if (this.from + kept.length < this.crashAt) return;
    this.stopAll();
    const at = this.crashAt;
    this.reject(new ReplicationCrashed(at, replicationSeed(this.scenario.run.seed, at), this.crashDetail, kept.slice(0, at - this.from)));
  }
}
