import { describe, expect, it } from 'vitest';
import { formatDuration, parseBandwidth, parseDuration, parseRate, parseSize, UnitError } from '../src/scenario/units.js';

describe('units', () => {
  it('parses durations into seconds, compound ones too', () => {
    expect(parseDuration('250ms')).toBeCloseTo(0.25, 12);
    expect(parseDuration('20min')).toBe(1200);
    expect(parseDuration('1h30min')).toBe(5400);
    expect(parseDuration('9min 30s')).toBe(570);
    expect(parseDuration('2d')).toBe(172800);
    expect(parseDuration('500us')).toBeCloseTo(5e-4, 15);
    expect(parseDuration('1.5e3ms')).toBe(1.5);
  });

  it('refuses plain numbers and ambiguous units, with a suggestion', () => {
    const n = parseDuration(10);
    expect(n).toBeInstanceOf(UnitError);
    expect((n as UnitError).suggestion).toBe('write "10s" or "10ms"');
    expect((parseDuration('3m') as UnitError).suggestion).toMatch(/"3min" for minutes/);
    expect(parseDuration('ten seconds')).toBeInstanceOf(UnitError);
    expect(parseDuration('-5s')).toBeInstanceOf(UnitError);
  });

  it('parses rates into events per second', () => {
    expect(parseRate('3000/s')).toBe(3000);
    expect(parseRate('2.3k/s')).toBeCloseTo(2300, 9);
    expect(parseRate('180000/min')).toBe(3000);
    expect(parseRate('1M/day')).toBeCloseTo(1e6 / 86400, 9);
    expect(parseRate('7000 req/h')).toBeCloseTo(7000 / 3600, 12);
    expect((parseRate('3000rps') as UnitError).suggestion).toBe('write "3000/s"');
    expect(parseRate(3000)).toBeInstanceOf(UnitError);
  });

  it('parses sizes (SI and binary) and bandwidths', () => {
    expect(parseSize('60GB')).toBe(60e9);
    expect(parseSize('5GiB')).toBe(5 * 1024 ** 3);
    expect(parseBandwidth('1Gbps')).toBe(1e9);
    expect(parseBandwidth('100Mbps')).toBe(1e8);
    expect((parseSize('1Gbps') as UnitError).suggestion).toMatch(/bandwidth/);
    expect((parseBandwidth('60GB') as UnitError).suggestion).toMatch(/size/);
  });

  it('formats durations for people', () => {
    expect(formatDuration(0.25)).toBe('250ms');
    expect(formatDuration(1200)).toBe('20min');
    expect(formatDuration(5400)).toBe('90min');
    expect(formatDuration(3 * 3600)).toBe('3h');
  });
});
