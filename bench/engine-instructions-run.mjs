// The engine without the model, for bench/engine-instructions.sh, with the code of the checkout `dir`:
//   mmc N   — M/M/8 at ρ = 0.8 as two minimal components (a source, a FIFO station) on Simulation/EventQueue/SimContext;
//   hold P N — N pop + push on an EventQueue holding P events (the classic hold model).
import { tuneAsCheckout } from './checkout-v8.mjs';
const [dir, mode, a, b] = process.argv.slice(2);
await tuneAsCheckout(dir); // the V8 setting simulate runs with in that checkout (bench/checkout-v8.mjs)
const lambda = 6.4, mu = 1, c = 8;
if (mode === 'hold') {
  const { EventQueue } = await import(`${dir}/dist/src/engine/event-queue.js`);
  const pending = Number(a), ops = Number(b);
  const q = new EventQueue(1024);
  let s = 12345;
  const r = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), s / 2 ** 32);
  for (let i = 0; i < pending; i++) q.push(r() * 10, 0, 0, i);
  for (let i = 0; i < ops; i++) {
    q.pop(Infinity);
    q.push(q.poppedTime - Math.log(1 - r()) * 10, 0, 0, q.poppedArg);
  }
} else {
  const { Simulation } = await import(`${dir}/dist/src/engine/simulation.js`);
  const { LatencyHistogram } = await import(`${dir}/dist/src/stats/latency-histogram.js`);
  const requests = Number(a);
  const sim = new Simulation('bench');
  const hist = new LatencyHistogram();
  const MASK = (1 << 16) - 1;
  const arrivals = new Float64Array(MASK + 1);
  let station;
  class Source {
    constructor(ctx) { this.ctx = ctx; this.n = 0; ctx.openLane(); }
    next() { this.ctx.laneTimeSeconds = this.ctx.now - Math.log(1 - this.ctx.rng.next()) / lambda; this.ctx.scheduleLaneAtTime(0, 0); }
    handle() { const id = this.n++ & MASK; arrivals[id] = this.ctx.now; this.next(); station.arrive(id); }
  }
  class Station {
    constructor(ctx) { this.ctx = ctx; this.busy = 0; this.ring = new Int32Array(MASK + 1); this.head = 0; this.queued = 0; }
    arrive(id) { if (this.busy < c) { this.busy++; this.start(id); } else this.ring[(this.head + this.queued++) & MASK] = id; }
    start(id) { this.ctx.delaySeconds = -Math.log(1 - this.ctx.rng.next()) / mu; this.ctx.scheduleAfterDelay(0, id); }
    handle(_kind, id) {
      hist.pendingMs = (this.ctx.now - arrivals[id]) * 1000;
      hist.recordPending();
      if (this.queued > 0) { const next = this.ring[this.head]; this.head = (this.head + 1) & MASK; this.queued--; this.start(next); } else this.busy--;
    }
  }
  const source = sim.add('source', (ctx) => new Source(ctx));
  station = sim.add('station', (ctx) => new Station(ctx));
  source.next();
  sim.run({ untilSeconds: requests / lambda });
}
