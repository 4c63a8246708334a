/**
 * A worker thread of the job pool (run-pool.ts): receives every scenario of
 * a comparison or a sweep once (resolved by the main thread: see
 * scenario-transfer.ts), then runs the (scenario, replication) jobs it is
 * given, one at a time, and posts back each result.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { TraceError } from '../traffic/trace.js';
import { runReplication } from './replication.js';
import { encodeResult, type EncodedResult } from './result-transfer.js';
import { decodeScenario, type EncodedScenario } from './scenario-transfer.js';
import { RunStopped, type RunStoppedDetails } from './run-stopped.js';

export interface PoolWorkerInput {
  scenarios: EncodedScenario[];
}

export type PoolRequest = { type: 'run'; job: number; scenario: number; replication: number } | { type: 'stop' };
export type PoolMessage =
  /** The result as transferable buffers (result-transfer.ts). */
  | { type: 'result'; job: number; result: EncodedResult }
  | { type: 'error'; message: string; trace?: { file: string; line: number; detail: string }; stopped?: RunStoppedDetails };

const port = parentPort;
if (port) {
  const scenarios = (workerData as PoolWorkerInput).scenarios.map(decodeScenario);
  port.on('message', (msg: PoolRequest) => {
    if (msg.type === 'stop') {
      port.close();
      return;
    }
    // Fault injection for the test of a dying worker (test/compare-cli.test.ts): the thread ends as a crash would.
    if (process.env.SIMULATE_FAULT_POOL_JOB === String(msg.job)) process.exit(70);
    try {
      const { message, transfer } = encodeResult(runReplication(scenarios[msg.scenario]!, msg.replication));
      port.postMessage({ type: 'result', job: msg.job, result: message } satisfies PoolMessage, transfer);
    } catch (e) {
      port.postMessage({
        type: 'error',
        message: e instanceof Error ? e.message : String(e),
        ...(e instanceof TraceError ? { trace: { file: e.file, line: e.line, detail: e.detail } } : {}),
        ...(e instanceof RunStopped ? { stopped: e.details } : {}),
      } satisfies PoolMessage);
    }
  });
}
