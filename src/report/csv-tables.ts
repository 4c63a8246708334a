/**
 * The report's CSV tables, built from the summary and the topology: one
 * header row, units in the column names (`[ms]`, `[s]`, `[req]`, `[0..1]`),
 * times as seconds of simulated time and, where the scenario has a
 * calendar, as a time of day. The columns are documented in
 * docs/reports.md; tests parse every file back with csv-parse.
 */
import { stringify } from 'csv-stringify/sync';
import type { SeriesSummary } from '../run/summary/series-types.js';
import { unitOfPath, type MetricUnit } from '../scenario/metric-units.js';
import type { Summary } from '../run/summary.js';
import type { Topology } from './topology.js';

export interface CsvTable {
  /** File name in the report directory. */
  file: string;
  columns: string[];
  rows: Array<Array<string | number | boolean | null>>;
}

/** "hh:mm:ss" of a number of seconds since midnight. */
export function timeOfDay(secondOfDay: number | null): string | null {
  if (secondOfDay === null) return null;
  const s = ((Math.round(secondOfDay) % 86400) + 86400) % 86400;
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(Math.floor(s / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
}

/** How a catalogue unit (scenario/metric-units.ts) reads in a column name. */
const COLUMN_UNIT: Record<MetricUnit, string> = { ms: 'ms', s: 's', h: 'h', GB: 'GB', ratio: '0..1', count: 'req', perSecond: 'req/s', currency: 'EUR' };

/** A series column's unit, from the metric catalogue's rules. */
function columnUnit(path: string): string {
  const unit = unitOfPath(path);
  if (unit === undefined) return '';
  // The catalogue counts instances and requests alike; a column says which.
  return unit === 'count' && /\.serving$/.test(path) ? 'instances' : COLUMN_UNIT[unit];
}

function seriesTable(series: SeriesSummary): CsvTable {
  const paths = Object.keys(series.values);
  return {
    file: 'series.csv',
    columns: ['window_start [s]', 'time_of_day', ...paths.map((p) => `${p} [${columnUnit(p)}]`)],
    rows: series.startSeconds.map((t, i) => [t, timeOfDay(series.secondOfDay[i] ?? null), ...paths.map((p) => series.values[p]![i] ?? null)]),
  };
}

function tiersTable(s: Summary): CsvTable {
  return {
    file: 'tiers.csv',
    columns: ['tier', 'servers', 'utilisation [0..1]', 'latency_mean [ms]', 'latency_p50 [ms]', 'latency_p95 [ms]', 'latency_p99 [ms]', 'latency_max [ms]', 'served [req]', 'rejected [req]'],
    rows: Object.entries(s.tiers).map(([name, t]) => {
      const servers = Object.values(t.servers);
      const l = t.latencyMs;
      return [name, servers.length, t.utilisation, l.mean, l.p50, l.p95, l.p99, l.max, servers.reduce((a, x) => a + x.served, 0), servers.reduce((a, x) => a + x.rejected, 0)];
    }),
  };
}

function serversTable(s: Summary): CsvTable {
  return {
    file: 'servers.csv',
    columns: ['tier', 'server', 'site', 'served [req]', 'rejected [req]', 'utilisation [0..1]', 'mean_queued [req]', 'max_queued [req]'],
    rows: Object.entries(s.tiers).flatMap(([tier, t]) =>
      Object.entries(t.servers).map(([name, x]) => [tier, name, x.site, x.served, x.rejected, x.utilisation, x.meanQueued, x.maxQueued]),
    ),
  };
}

function linksTable(topology: Topology): CsvTable {
  return {
    file: 'links.csv',
    columns: ['site_a', 'site_b', 'latency_mean [ms]', 'bandwidth [bit/s]'],
    rows: topology.links.map((l) => [l.siteA, l.siteB, l.latencyMs, l.bandwidthBps]),
  };
}

function databasesTable(s: Summary): CsvTable {
  return {
    file: 'databases.csv',
    columns: ['tier', 'replication', 'slave', 'writes [req]', 'lag_mean [ms]', 'lag_p50 [ms]', 'lag_p99 [ms]', 'lag_max [ms]', 'failovers', 'quorum_at_end'],
    rows: Object.entries(s.databases).flatMap(([tier, d]) => {
      const slaves = Object.entries(d.slaves);
      if (slaves.length === 0) return [[tier, d.replication, null, null, null, null, null, null, d.failovers.length, d.quorumAtEnd]];
      return slaves.map(([name, x]) => [tier, d.replication, name, x.writes, x.lagMs.mean, x.lagMs.p50, x.lagMs.p99, x.lagMs.max, d.failovers.length, d.quorumAtEnd]);
    }),
  };
}

function incidentsTable(s: Summary, calendar: (t: number | null) => string | null): CsvTable {
  return {
    file: 'incidents.csv',
    columns: [
      'kind', 'target', 'description', 'start [s]', 'start_time_of_day', 'detected [s]', 'detected_by', 'service_restored [s]', 'recovery',
      'repaired [s]', 'rto [s]', 'rpo [s]', 'writes_lost [req]', 'requests_failed [req]', 'servers',
    ],
    rows: s.incidents.map((x) => [
      x.kind, x.target, x.description, x.startSeconds, calendar(x.startSeconds), x.detectedSeconds, x.detectedBy, x.serviceRestoredSeconds, x.recovery,
      x.repairedSeconds, x.rtoSeconds, x.rpoSeconds, x.writesLost, x.requestsFailed, x.servers.join(' '),
    ]),
  };
}

function autoscalingTable(s: Summary): CsvTable {
  return {
    file: 'autoscaling-timeline.csv',
    columns: ['tier', 'at [s]', 'action', 'from [instances]', 'to [instances]', 'instance', 'metric', 'value', 'reason', 'serving [instances]', 'provisioning [instances]'],
    rows: Object.entries(s.autoscaling ?? {}).flatMap(([tier, a]) =>
      a.timeline.map((e) => [tier, e.atSeconds, e.action, e.from ?? null, e.to ?? null, e.instance ?? null, e.metric ?? null, e.value ?? null, e.reason, e.serving, e.provisioning]),
    ),
  };
}

function costTable(s: Summary): CsvTable {
  const cost = s.cost;
  const currency = cost?.currency ?? '';
  const items = cost ? Object.keys({ ...cost.run.byItem, ...cost.monthlyProjection.byItem }) : [];
  return {
    file: 'cost-items.csv',
    columns: ['item', `run [${currency}]`, `month [${currency}]`],
    rows: cost ? items.map((i) => [i, cost.run.byItem[i] ?? 0, cost.monthlyProjection.byItem[i] ?? 0]) : [],
  };
}

function sloTable(s: Summary): CsvTable {
  return { file: 'slo.csv', columns: ['objective', 'measured', 'ok'], rows: s.slo.map((v) => [v.objective, v.value, v.ok]) };
}

/**
 * Every table of a report. `secondOfDayAt` maps a simulated time [s] to
 * seconds since local midnight on the scenario's calendar (null without one).
 */
export function reportTables(summary: Summary, topology: Topology, secondOfDayAt: (t: number) => number | null = () => null): CsvTable[] {
  const calendar = (t: number | null): string | null => (t === null ? null : timeOfDay(secondOfDayAt(t)));
  return [
    ...(summary.series ? [seriesTable(summary.series)] : []),
    tiersTable(summary),
    serversTable(summary),
    linksTable(topology),
    databasesTable(summary),
    incidentsTable(summary, calendar),
    autoscalingTable(summary),
    costTable(summary),
    sloTable(summary),
  ];
}

/** A table as CSV text (csv-stringify; empty cells for null). */
export function csvText(table: CsvTable): string {
  return stringify([table.columns, ...table.rows.map((r) => r.map((v) => (v === null ? '' : v)))], { cast: { boolean: (b) => (b ? 'true' : 'false') } });
}
