import { describe, expect, it } from 'vitest';
import { EventQueue, NO_EVENT } from '../src/engine/event-queue.js';

/** A tiny deterministic PRNG so the test does not depend on the rng module. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function drain(q: EventQueue): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  while (q.pop(Infinity)) out.push([q.poppedTime, q.poppedArg]);
  return out;
}

describe('EventQueue', () => {
  it('pops in time order, ties in insertion order, exactly like a stable sort', () => {
    const rand = lcg(7);
    const q = new EventQueue(16); // small on purpose: forces growth
    const expected: Array<{ t: number; id: number }> = [];
    for (let id = 0; id < 20_000; id++) {
      // Few distinct times so that ties are frequent.
      const t = Math.floor(rand() * 300) / 10;
      q.push(t, 0, 0, id);
      expected.push({ t, id });
    }
    expected.sort((a, b) => a.t - b.t || a.id - b.id);
    const got = drain(q);
    expect(got.map(([, id]) => id)).toEqual(expected.map((e) => e.id));
    expect(got.map(([t]) => t)).toEqual(expected.map((e) => e.t));
  });

  it('keeps order when pushes and pops interleave (as in a simulation)', () => {
    const rand = lcg(11);
    const q = new EventQueue(8);
    const list: Array<{ t: number; id: number }> = []; // reference model: a sorted list
    let nextId = 0;
    const add = (t: number): void => {
      q.push(t, 0, 0, nextId);
      list.push({ t, id: nextId++ });
    };
    for (let i = 0; i < 50; i++) add(rand() * 5);
    for (let step = 0; step < 5000 && list.length > 0; step++) {
      list.sort((a, b) => a.t - b.t || a.id - b.id);
      const head = list.shift()!;
      expect(q.pop(Infinity)).toBe(true);
      expect(q.poppedArg).toBe(head.id);
      const children = Math.floor(rand() * 3); // 0, 1 or 2 new events
      for (let c = 0; c < children; c++) add(head.t + (rand() < 0.3 ? 0 : rand())); // 30% at "now": ties
    }
    expect(q.size).toBe(list.length);
  });

  it('cancels pending events and ignores stale handles', () => {
    const q = new EventQueue(4);
    const handles: number[] = [];
    for (let i = 0; i < 10; i++) handles.push(q.pushTimer(i, 0, 0, i));
    expect(q.cancel(handles[3]!)).toBe(true);
    expect(q.cancel(handles[3]!)).toBe(false); // already cancelled
    expect(q.cancel(handles[7]!)).toBe(true);
    expect(q.isPending(handles[7]!)).toBe(false);
    expect(q.isPending(handles[8]!)).toBe(true);
    expect(q.livePending).toBe(8);
    expect(q.cancel(NO_EVENT)).toBe(false);
    expect(drain(q).map(([, a]) => a)).toEqual([0, 1, 2, 4, 5, 6, 8, 9]);
    // Every slot has been reused since: old handles must not cancel new events.
    const fresh = q.pushTimer(1, 0, 0, 42);
    for (const h of handles) expect(q.cancel(h)).toBe(false);
    expect(q.isPending(fresh)).toBe(true);
    expect(drain(q).map(([, a]) => a)).toEqual([42]);
  });

  it('pop(until) leaves later events queued and skips cancelled ones at the top', () => {
    const q = new EventQueue();
    const a = q.pushTimer(1, 0, 0, 1);
    q.push(5, 0, 0, 5);
    q.cancel(a);
    expect(q.pop(3)).toBe(false); // the cancelled event at t=1 is not returned
    expect(q.size).toBe(1);
    expect(q.nextLiveTime()).toBe(5);
    expect(q.pop(5)).toBe(true);
    expect(q.poppedArg).toBe(5);
  });

  it('carries target, kind and arg unchanged', () => {
    const q = new EventQueue();
    q.push(2, 7, 3, -12);
    q.push(1, 1, 2, 2_000_000_000);
    expect(q.pop(Infinity)).toBe(true);
    expect([q.poppedTime, q.poppedTarget, q.poppedKind, q.poppedArg]).toEqual([1, 1, 2, 2_000_000_000]);
    expect(q.pop(Infinity)).toBe(true);
    expect([q.poppedTime, q.poppedTarget, q.poppedKind, q.poppedArg]).toEqual([2, 7, 3, -12]);
    expect(q.pop(Infinity)).toBe(false);
  });
});
