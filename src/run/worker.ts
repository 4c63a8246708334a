/**
 * A worker thread: loads the scenario itself (plain data crosses threads,
 * distributions do not), then runs the replications it is given, one at a
 * time, and posts back each result and its progress.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadScenario } from '../scenario/load.js';
import { overrideScenarioData, type RunOverrides } from './overrides.js';
import { runReplication } from './replication.js';
import { RunStopped, type RunStoppedDetails } from './run-stopped.js';

export interface WorkerInput {
  file: string;
  overrides: RunOverrides;
}

export type WorkerRequest = { type: 'run'; index: number } | { type: 'stop' };
export type WorkerMessage =
  | { type: 'progress'; index: number; fraction: number }
  | { type: 'result'; index: number; result: ReturnType<typeof runReplication> }
  | { type: 'error'; message: string; stopped?: RunStoppedDetails };

const port = parentPort;
if (port) {
  const input = workerData as WorkerInput;
  const { scenario } = loadScenario(input.file, (data) => overrideScenarioData(data, input.overrides));
  port.on('message', (msg: WorkerRequest) => {
    if (msg.type === 'stop') {
      port.close();
      return;
    }
    try {
      const result = runReplication(scenario, msg.index, {
        onProgress: (fraction) => port.postMessage({ type: 'progress', index: msg.index, fraction } satisfies WorkerMessage),
      });
      port.postMessage({ type: 'result', index: msg.index, result } satisfies WorkerMessage);
    } catch (e) {
      const stopped = e instanceof RunStopped ? { stopped: e.details } : {};
      port.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e), ...stopped } satisfies WorkerMessage);
    }
  });
}
