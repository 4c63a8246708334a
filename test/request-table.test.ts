/**
 * The request table writes only five columns per new request: the others
 * are at their defaults in a free id, and the rare paths that change them
 * (zombies, orphans, timers, retries, closed owners) go through the table's
 * setters, so that `release` puts them back. Every id a new request gets —
 * recycled, fresh, or fresh after the columns grew — must read the same
 * defaults the old fifteen-column `create` wrote.
 */
import { describe, expect, it } from 'vitest';
import { RequestTable } from '../src/model/request/request-table.js';

/** What every reader of a new request expects before it writes anything. */
function defaultsOf(t: RequestTable, id: number): Record<string, number> {
  return {
    stage: t.stage[id]!,
    site: t.site[id]!,
    entrySite: t.entrySite[id]!,
    serviceSeconds: t.serviceSeconds[id]!,
    cacheHit: t.cacheHit[id]!,
    zombie: t.zombie[id]!,
    timer: t.timer[id]!,
    orphan: t.orphan[id]!,
    attempt: t.attempt[id]!,
    holdDepth: t.holdDepth[id]!,
    owner: t.owner[id]!,
  };
}

const DEFAULTS = { stage: 0, site: -1, entrySite: -1, serviceSeconds: -1, cacheHit: 0, zombie: 0, timer: -1, orphan: 0, attempt: 1, holdDepth: 0, owner: -1 };

/** A request that went through every rare path before it left. */
function dirty(t: RequestTable, id: number): void {
  t.stage[id] = 2;
  t.site[id] = 1;
  t.entrySite[id] = 1;
  t.setZombie(id);
  t.setOrphan(id);
  t.setTimer(id, 17);
  t.setAttempt(id, 3);
  t.setOwner(id, 4, 9);
}

describe('RequestTable', () => {
  it('a new request reads the defaults, on a fresh id, a recycled one and one past a growth', () => {
    const t = new RequestTable(16);
    const ids: number[] = [];
    for (let i = 0; i < 16; i++) {
      const id = t.create(i + 0.5, i % 3);
      expect(defaultsOf(t, id)).toEqual(DEFAULTS);
      expect([t.arrivalSeconds[id], t.classIndex[id]]).toEqual([i + 0.5, i % 3]);
      dirty(t, id);
      ids.push(id);
    }
    for (const id of ids) t.release(id);
    // Recycled ids (last released first), then fresh ones after the columns double.
    for (let i = 0; i < 40; i++) {
      const id = t.create(100 + i, 1);
      expect(defaultsOf(t, id)).toEqual(DEFAULTS);
      expect(t.arrivalSeconds[id]).toBe(100 + i);
      if (i < 16) expect(id).toBe(ids[15 - i]);
      else expect(id).toBe(i);
    }
  });

  it('a recycled id that no rare path touched keeps its defaults, and one that was touched once gets them back', () => {
    const t = new RequestTable(16);
    const a = t.create(1, 0);
    t.setOrphan(a);
    t.release(a);
    const b = t.create(2, 0);
    expect(b).toBe(a);
    expect(defaultsOf(t, b)).toEqual(DEFAULTS);
    t.release(b); // untouched since: nothing to restore, still the defaults
    expect(defaultsOf(t, t.create(3, 0))).toEqual(DEFAULTS);
  });

  it('settleUnfinished sees the ids in flight, not free ones, orphans or zombies', () => {
    const t = new RequestTable(16);
    const ids = Array.from({ length: 10 }, (_, i) => t.create(i, 0));
    t.release(ids[1]!);
    t.release(ids[2]!);
    t.setOrphan(ids[3]!);
    t.setZombie(ids[4]!);
    const failed: number[] = [];
    // From 1 s, at 10 s, a limit of 3.5 s: of the ids in flight measured (5…9), those that arrived before 6.5 s fail.
    const inFlight = t.settleUnfinished(1, 10, Float64Array.of(3.5), (id) => failed.push(id));
    expect(failed).toEqual([ids[5], ids[6]]);
    expect(inFlight).toBe(3);
  });
});
