/**
 * A worker thread: receives the scenario the main thread resolved (it reads
 * no scenario file itself: see scenario-transfer.ts), then runs the
 * replications it is given, one at a time, and posts back each result and
 * its progress.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { TraceError } from '../traffic/trace.js';
import { runReplication } from './replication.js';
import { decodeScenario, type EncodedScenario } from './scenario-transfer.js';
import { RunStopped, type RunStoppedDetails } from './run-stopped.js';
import { encodeResult, type EncodedResult } from './result-transfer.js';

export interface WorkerInput {
  scenario: EncodedScenario;
}

export type WorkerRequest = { type: 'run'; index: number } | { type: 'stop' };
export type WorkerMessage =
  | { type: 'progress'; index: number; fraction: number }
  /** The result as transferable buffers (result-transfer.ts). */
  | { type: 'result'; index: number; result: EncodedResult }
  /** `trace`: the replication stopped on a bad trace line (bad input, not a bug); `stopped`: it hit the limit of requests in the system. */
  | { type: 'error'; message: string; trace?: { file: string; line: number; detail: string }; stopped?: RunStoppedDetails };

const port = parentPort;
if (port) {
  const input = workerData as WorkerInput;
  const scenario = decodeScenario(input.scenario);
  port.on('message', (msg: WorkerRequest) => {
    if (msg.type === 'stop') {
      port.close();
      return;
    }
    // Fault injection for the tests of a dying worker (test/worker-crash.test.ts): the thread ends as a crash would.
    if (process.env.SIMULATE_FAULT_WORKER_EXIT === String(msg.index)) process.exit(70);
    try {
      const result = runReplication(scenario, msg.index, {
        onProgress: (fraction) => port.postMessage({ type: 'progress', index: msg.index, fraction } satisfies WorkerMessage),
      });
      const { message, transfer } = encodeResult(result);
      port.postMessage({ type: 'result', index: msg.index, result: message } satisfies WorkerMessage, transfer);
    } catch (e) {
      const stopped = e instanceof RunStopped ? { stopped: e.details } : {};
      port.postMessage({
        type: 'error',
        message: e instanceof Error ? e.message : String(e),
        ...(e instanceof TraceError ? { trace: { file: e.file, line: e.line, detail: e.detail } } : {}),
        ...stopped,
      } satisfies WorkerMessage);
    }
  });
}
