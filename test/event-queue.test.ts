import { describe, expect, it } from 'vitest';
import { Clock } from '../src/engine/clock.js';
import { EventQueue, MAX_EVENT_KIND, MAX_TARGETS, NO_EVENT } from '../src/engine/event-queue.js';

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

  it('carries the extreme targets, kinds and arguments unchanged through sifts and timers', () => {
    const q = new EventQueue(4);
    const extremes: Array<[number, number, number]> = [
      [MAX_TARGETS - 1, MAX_EVENT_KIND, -(2 ** 31)],
      [0, 0, 2 ** 31 - 1],
      [MAX_TARGETS - 1, 0, -1],
      [12345, MAX_EVENT_KIND, 0],
    ];
    // 40 events in reverse time order: each push sifts to the root, each pop sifts down.
    for (let i = 39; i >= 0; i--) {
      const [target, kind, arg] = extremes[i % 4]!;
      if (i % 3 === 0) q.pushTimer(i, target, kind, arg);
      else q.push(i, target, kind, arg);
    }
    for (let i = 0; i < 40; i++) {
      expect(q.pop(Infinity)).toBe(true);
      expect([q.poppedTime, q.poppedTarget, q.poppedKind, q.poppedArg]).toEqual([i, ...extremes[i % 4]!]);
    }
  });
});

describe('EventQueue.popInfo (the run loop\'s pop)', () => {
  it('advances the clock it was given to each popped event, and leaves it when nothing is due', () => {
    const clock = new Clock();
    const q = new EventQueue(4, clock);
    const lane = q.openLane();
    q.push(2.5, 3, 4, 5);
    q.pushLane(lane, 1.25, 6, 7, 8);
    q.untilTime = 2;
    let info = q.popInfo();
    expect([q.noEvent(info), q.infoTarget(info), q.infoKind(info), q.poppedArg, clock.now]).toEqual([false, 6, 7, 8, 1.25]);
    info = q.popInfo(); // the heap event is due at 2.5, after `untilTime`
    expect([q.noEvent(info), clock.now, q.size]).toEqual([true, 1.25, 1]);
    q.untilTime = Infinity;
    info = q.popInfo();
    expect([q.noEvent(info), q.infoTarget(info), q.infoKind(info), q.poppedArg, clock.now]).toEqual([false, 3, 4, 5, 2.5]);
    expect(q.poppedTime).toBe(2.5);
  });

  it('hands out a timer\'s kind without its flag, and its real argument', () => {
    const q = new EventQueue(4);
    q.pushTimer(1, MAX_TARGETS - 1, MAX_EVENT_KIND, -7);
    q.untilTime = Infinity;
    const info = q.popInfo();
    expect([q.infoTarget(info), q.infoKind(info), q.poppedArg]).toEqual([MAX_TARGETS - 1, MAX_EVENT_KIND, -7]);
    expect(q.noEvent(q.popInfo())).toBe(true);
  });
});

describe('EventQueue lanes', () => {
  it('interleaves lane events with heap events in (time, insertion) order, ties included', () => {
    const rand = lcg(5);
    const q = new EventQueue(8);
    const lanes = [q.openLane(), q.openLane(), q.openLane()];
    type Ev = { t: number; id: number; lane: number };
    const pending: Ev[] = []; // reference: every pending event, with its insertion id
    let nextId = 0;
    const add = (t: number, lane: number): void => {
      if (lane < 0) q.push(t, 1, 2, nextId);
      else q.pushLane(lane, t, 1, 2, nextId);
      pending.push({ t, id: nextId++, lane });
    };
    for (const lane of lanes) add(Math.floor(rand() * 20) / 4, lane);
    for (let i = 0; i < 20; i++) add(Math.floor(rand() * 20) / 4, -1);
    for (let step = 0; step < 20_000; step++) {
      pending.sort((a, b) => a.t - b.t || a.id - b.id);
      const head = pending.shift()!;
      expect(q.pop(Infinity)).toBe(true);
      expect([q.poppedTime, q.poppedArg, q.poppedTarget, q.poppedKind]).toEqual([head.t, head.id, 1, 2]);
      // Coarse times: ties between lanes and the heap are frequent.
      const later = head.t + Math.floor(rand() * 8) / 4;
      if (head.lane >= 0) add(later, head.lane); // a lane's owner schedules its next event
      if (rand() < 0.5) add(later, -1);
    }
    expect(q.size).toBe(pending.length);
  });

  it('counts lane events in size and peek, and leaves them pending past `until`', () => {
    const q = new EventQueue();
    const lane = q.openLane();
    q.push(3, 0, 0, 30);
    q.pushLane(lane, 2, 0, 0, 20);
    expect(q.size).toBe(2);
    expect(q.peekTime()).toBe(2);
    expect(q.nextLiveTime()).toBe(2);
    expect(q.pop(1)).toBe(false);
    expect(q.pop(2)).toBe(true);
    expect(q.poppedArg).toBe(20);
    expect(q.peekTime()).toBe(3);
    q.pushLane(lane, 5, 0, 0, 50);
    expect(drain(q)).toEqual([
      [3, 30],
      [5, 50],
    ]);
    expect(q.size).toBe(0);
    expect(q.peekTime()).toBe(Infinity);
  });

  it('refuses a second event in a busy lane, or an event in a lane never opened', () => {
    const q = new EventQueue();
    const lane = q.openLane();
    q.pushLane(lane, 1, 0, 0, 0);
    expect(() => q.pushLane(lane, 2, 0, 0, 0)).toThrow(/lane/);
    expect(() => q.pushLane(lane + 1, 2, 0, 0, 0)).toThrow(/lane/);
    expect(() => q.pushLane(-1, 2, 0, 0, 0)).toThrow(/lane/);
    q.clear();
    expect(q.size).toBe(0);
    q.pushLane(lane, 4, 0, 0, 7); // cleared: the lane is free again
    expect(drain(q)).toEqual([[4, 7]]);
  });

  it('refuses a second event in a lane whose event waits behind another lane\'s, and keeps order when lanes fall idle', () => {
    const q = new EventQueue(4);
    const [a, b, c] = [q.openLane(), q.openLane(), q.openLane()];
    q.pushLane(a, 1, 0, 0, 10); // the first lane event
    q.pushLane(b, 2, 0, 0, 20); // waits behind it
    expect(() => q.pushLane(a, 3, 0, 0, 0)).toThrow(/lane/);
    expect(() => q.pushLane(b, 3, 0, 0, 0)).toThrow(/lane/);
    q.pushLane(c, 0.5, 0, 0, 5); // earlier: it becomes the first, `a` waits
    expect(() => q.pushLane(a, 3, 0, 0, 0)).toThrow(/lane/);
    expect(() => q.pushLane(c, 3, 0, 0, 0)).toThrow(/lane/);
    q.pushLane(q.openLane(), 1, 0, 0, 11); // a tie with `a`: after it
    expect(drain(q)).toEqual([
      [0.5, 5],
      [1, 10],
      [1, 11],
      [2, 20],
    ]);

    // Lanes that stay idle for a while, mixed with heap events: the
    // reference is a stable sort by (time, insertion).
    const rand = lcg(3);
    const lanes = [a, b, c];
    type Ev = { t: number; id: number; lane: number };
    const pending: Ev[] = [];
    const busy = new Set<number>();
    let nextId = 0;
    const add = (t: number, lane: number): void => {
      if (lane < 0) q.push(t, 1, 2, nextId);
      else {
        q.pushLane(lane, t, 1, 2, nextId);
        busy.add(lane);
      }
      pending.push({ t, id: nextId++, lane });
    };
    add(0, -1);
    for (let step = 0; step < 20_000 && pending.length > 0; step++) {
      pending.sort((x, y) => x.t - y.t || x.id - y.id);
      const head = pending.shift()!;
      expect(q.pop(Infinity)).toBe(true);
      expect([q.poppedTime, q.poppedArg]).toEqual([head.t, head.id]);
      busy.delete(head.lane);
      for (const lane of lanes) if (!busy.has(lane) && rand() < 0.4) add(head.t + Math.floor(rand() * 8) / 4, lane);
      if (rand() < 0.6 || pending.length === 0) add(head.t + Math.floor(rand() * 8) / 4, -1);
    }
    expect(q.size).toBe(pending.length);
  });

  it('agrees with a reference model under a random mix of events, timers, cancellations and lanes', () => {
    const rand = lcg(99);
    const q = new EventQueue(4);
    const lanes = [q.openLane(), q.openLane()];
    type Ev = { t: number; id: number; lane: number; handle: number; cancelled: boolean };
    const all: Ev[] = [];
    let nextId = 0;
    const add = (t: number, how: number): Ev => {
      const ev: Ev = { t, id: nextId++, lane: -1, handle: NO_EVENT, cancelled: false };
      if (how >= 0) {
        ev.lane = how;
        q.pushLane(how, t, 3, 4, ev.id);
      } else if (how === -2) ev.handle = q.pushTimer(t, 3, 4, ev.id);
      else q.push(t, 3, 4, ev.id);
      all.push(ev);
      return ev;
    };
    let now = 0;
    for (const lane of lanes) add(rand() * 3, lane);
    for (let i = 0; i < 30; i++) add(rand() * 3, rand() < 0.5 ? -1 : -2);
    for (let step = 0; step < 30_000; step++) {
      const live = all.filter((e) => !e.cancelled).sort((a, b) => a.t - b.t || a.id - b.id);
      const until = now + rand() * 0.2;
      const head = live[0];
      if (head === undefined || head.t > until) {
        expect(q.pop(until)).toBe(false);
        now = until;
        if (head === undefined) break;
        continue;
      }
      expect(q.pop(until)).toBe(true);
      expect([q.poppedTime, q.poppedArg]).toEqual([head.t, head.id]);
      all.splice(all.indexOf(head), 1);
      now = head.t;
      if (head.lane >= 0) add(now + (rand() < 0.2 ? 0 : rand()), head.lane);
      const r = rand();
      if (r < 0.3) add(now + (rand() < 0.2 ? 0 : rand()), -1);
      else if (r < 0.6) add(now + (rand() < 0.2 ? 0 : rand()), -2);
      if (rand() < 0.3) {
        const timers = all.filter((e) => e.handle !== NO_EVENT && !e.cancelled);
        const victim = timers[Math.floor(rand() * timers.length)];
        if (victim !== undefined) {
          expect(q.cancel(victim.handle)).toBe(true);
          victim.cancelled = true;
        }
      }
      expect(q.livePending).toBe(all.filter((e) => !e.cancelled).length);
    }
  });
});
