/** Incident times of day ("21:47", "friday 18:00") placed on the scenario's calendar. */
import { describe, expect, it } from 'vitest';
import { clockTimeSeconds, isClockTime } from '../src/scenario/clock-time.js';
import { loadScenario } from '../src/scenario/load.js';
import { problemsOf } from './support/run-data.js';

describe('clock times', () => {
  it('are the first occurrence at or after the start of the run', () => {
    expect(clockTimeSeconds('21:47', '00:00', 'monday')).toBe(21 * 3600 + 47 * 60);
    // Starting at 09:00, 08:00 is tomorrow morning.
    expect(clockTimeSeconds('08:00', '09:00', 'monday')).toBe(23 * 3600);
    expect(clockTimeSeconds('09:00', '09:00', 'monday')).toBe(0);
    expect(clockTimeSeconds('friday 18:00', '00:00', 'monday')).toBe((4 * 24 + 18) * 3600);
    // Monday 08:00 from monday 09:00: next week.
    expect(clockTimeSeconds('Monday 08:00', '09:00', 'monday')).toBe((7 * 24 - 1) * 3600);
    expect(clockTimeSeconds('sunday 23:00', '22:00', 'sunday')).toBe(3600);
    expect(isClockTime('10h')).toBe(false);
    expect(isClockTime('25:00')).toBe(false);
  });

  it('an incident at "10:00" in the ERP (its day starts at 00:00 on a monday) happens at 10 h', () => {
    const { scenario } = loadScenario('scenarios/erp-ha-drp.master-dies.json');
    expect(scenario.incidents.map((i) => i.atSeconds)).toEqual([36000, 36000]);
  });

  it('a time that is neither a duration nor a clock time is refused with both forms suggested', () => {
    const data = {
      name: 'x',
      run: { duration: '1h' },
      sites: { RBX: {} },
      traffic: { classes: { r: { share: 1, path: ['w'] } }, phases: [{ phase: 'constant', rate: '1/s', duration: '1h' }] },
      tiers: { w: { servers: [{ name: 'w', site: 'RBX', slots: 1 }], serviceTime: { dist: 'constant', value: '1ms' } } },
      incidents: [{ at: '9.47pm', server: 'w/w' }],
    };
    expect(problemsOf(data).join('\n')).toMatch(/incidents\[0\]\.at: expected a time since the start such as .*"21:47"/);
  });
});
