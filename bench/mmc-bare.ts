/**
 * The yardstick: an M/M/c queue (FIFO, c servers) written by hand as one
 * function: a binary heap of departure times in a typed array, the next
 * arrival kept in a local, a ring buffer of waiting arrival times, no
 * components, no context, no dispatch. Same random generator (Alea through
 * RandomStream), same streams, and the same latency histogram as the engine
 * run, so the ratio measures only what the engine's abstraction costs.
 */
import { RandomStream } from '../src/rng/stream.js';
import { LatencyHistogram } from '../src/stats/latency-histogram.js';

export interface BareResult {
  requests: number;
  events: number;
  meanSojournSeconds: number;
  histogram: LatencyHistogram;
}

/**
 * Simulate `requests` arrivals of an M/M/c queue with arrival rate `lambda`
 * [1/s] and service rate `mu` [1/s] per server.
 */
export function runBareMmc(lambda: number, mu: number, c: number, requests: number, seed = 'bench'): BareResult {
  const arrivals = new RandomStream('arrivals', `${seed}/arrivals`);
  const service = new RandomStream('service', `${seed}/service`);
  const heap = new Float64Array(c + 1); // departure times of requests in service
  const heapArrival = new Float64Array(c + 1); // their arrival times (for the sojourn)
  let heapSize = 0;
  let ring = new Float64Array(1024); // waiting requests' arrival times
  let head = 0;
  let waiting = 0;
  const histogram = new LatencyHistogram();
  let sojournSum = 0;
  let events = 0;
  let done = 0;
  let generated = 0;
  let now = 0;
  let nextArrival = -Math.log(1 - arrivals.next()) / lambda;

  const push = (t: number, a: number): void => {
    let pos = heapSize++;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      if (heap[parent]! <= t) break;
      heap[pos] = heap[parent]!;
      heapArrival[pos] = heapArrival[parent]!;
      pos = parent;
    }
    heap[pos] = t;
    heapArrival[pos] = a;
  };
  const popRoot = (): void => {
    const n = --heapSize;
    const t = heap[n]!;
    const a = heapArrival[n]!;
    let pos = 0;
    const half = n >> 1;
    while (pos < half) {
      let child = 2 * pos + 1;
      if (child + 1 < n && heap[child + 1]! < heap[child]!) child++;
      if (heap[child]! >= t) break;
      heap[pos] = heap[child]!;
      heapArrival[pos] = heapArrival[child]!;
      pos = child;
    }
    heap[pos] = t;
    heapArrival[pos] = a;
  };

  while (done < requests) {
    events++;
    if (generated < requests && (heapSize === 0 || nextArrival < heap[0]!)) {
      now = nextArrival;
      generated++;
      nextArrival = now - Math.log(1 - arrivals.next()) / lambda;
      if (heapSize < c) push(now - Math.log(1 - service.next()) / mu, now);
      else {
        if (waiting === ring.length) {
          const next = new Float64Array(ring.length * 2);
          for (let i = 0; i < waiting; i++) next[i] = ring[(head + i) & (ring.length - 1)]!;
          ring = next;
          head = 0;
        }
        ring[(head + waiting) & (ring.length - 1)] = now;
        waiting++;
      }
    } else {
      now = heap[0]!;
      const sojourn = now - heapArrival[0]!;
      popRoot();
      sojournSum += sojourn;
      histogram.record(sojourn * 1000);
      done++;
      if (waiting > 0) {
        const a = ring[head]!;
        head = (head + 1) & (ring.length - 1);
        waiting--;
        push(now - Math.log(1 - service.next()) / mu, a);
      }
    }
  }
  return { requests: done, events, meanSojournSeconds: sojournSum / done, histogram };
}
