/** The human-readable form of a summary (the JSON form is `--json`). */
import { recoveryLines } from './format-recovery.js';
import type { LatencySummary, SloVerdict, Summary } from '../run/summary.js';
import { formatDuration } from '../scenario/units.js';
import { acrossLines, statusWord } from './format-slo.js';
import { escapeStrings } from './safe-text.js';
import type { RunStoppedDetails } from '../run/run-stopped.js';

function num(x: number | null, digits = 1): string {
  if (x === null || !Number.isFinite(x)) return '–';
  return x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function int(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

function pct(x: number | null, digits = 3): string {
  return x === null ? '–' : `${(x * 100).toFixed(digits)}%`;
}

function table(rows: string[][], rightAlignFrom = 1): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows
    .map((r) => r.map((cell, c) => (c >= rightAlignFrom ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd())
    .join('\n');
}

function latencyRow(name: string, l: LatencySummary): string[] {
  return [name, num(l.mean), num(l.p50), num(l.p95), num(l.p99), num(l.p999), num(l.max)];
}

/** The table; every text that came from the scenario (names, descriptions, paths) has its control characters escaped. */
export function formatSummary(raw: Summary): string {
  const s = escapeStrings(raw);
  const out: string[] = [];
  headlineLines(s, out);
  out.push('');
  latencyLines(s, out);
  tierLines(s, out);
  databaseLines(s, out);
  incidentLines(s, out);
  out.push(...recoveryLines(s));
  elasticAndCostLines(s, out);
  sloLines(s, out);
  out.push(...acrossLines(s));
  out.push('');
  out.push(
    `engine        ${int(s.performance.events)} events in ${num(s.performance.wallSeconds, 2)} s (${int(s.performance.eventsPerSecond)} events/s, ${int(s.performance.requestsPerSecond)} requests/s)`,
  );
  return out.join('\n');
}

/** What was run, the requests, stability, availability and throughput. */
function headlineLines(s: Summary, out: string[]): void {
  const cut = s.interrupted
    ? ` — PARTIAL: interrupted (${s.interrupted.signal}) after ${s.interrupted.completedReplications} of ${s.interrupted.requestedReplications} replications`
    : s.crashed
      ? ` — PARTIAL: replication ${s.crashed.replication} crashed after ${s.crashed.completedReplications} of ${s.crashed.requestedReplications} replications`
      : '';
  const reps = s.replications > 1 ? `, ${s.replications} replications` : '';
  out.push(
    `${s.scenario} — ${formatDuration(s.simulated.durationSeconds)} simulated (warm-up ${formatDuration(s.simulated.warmupSeconds)})${reps}, seed ${s.seed}${cut}`,
  );
  out.push('');
  const failures = Object.entries(s.requests.failedBy)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${int(n)}`)
    .join(', ');
  const inFlight = s.requests.inFlightAtEnd > 0 ? `; ${int(s.requests.inFlightAtEnd)} still in flight at the end, not counted` : '';
  out.push(
    `requests      ${int(s.requests.total)} measured, ${int(s.requests.ok)} ok, ${int(s.requests.failed)} failed${failures ? ` (${failures})` : ''}${inFlight}`,
  );
  const unstable = stabilityMessage(s);
  if (unstable !== undefined) out.push(`stability     ${unstable}`);
  const ci = s.availability.requestsCI95?.halfWidth95;
  out.push(`availability  ${pct(s.availability.requests)} of requests${ci != null ? ` (±${(ci * 100).toFixed(3)} pts, 95%)` : ''}`);
  if (s.availability.time !== null && s.availability.time < 1) {
    out.push(
      `              ${pct(s.availability.time)} of the time (full outage ${formatDuration(s.availability.fullOutageSeconds)}, degraded ${formatDuration(s.availability.degradedSeconds)}, per replication)`,
    );
  }
  out.push(`throughput    ${num(s.requests.throughputPerSecond)} req/s`);
}

/** Latency percentiles: end to end, per class, per entry site, per tier. */
function latencyLines(s: Summary, out: string[]): void {
  const rows: string[][] = [['latency [ms]', 'mean', 'p50', 'p95', 'p99', 'p99.9', 'max'], latencyRow('end to end', s.latencyMs)];
  for (const [name, c] of Object.entries(s.classes)) rows.push(latencyRow(`  class ${name}`, c.latencyMs));
  for (const [name, c] of Object.entries(s.sites)) rows.push(latencyRow(`  entering ${name}`, c.latencyMs));
  for (const [name, t] of Object.entries(s.tiers)) rows.push(latencyRow(`  tier ${name}`, t.latencyMs));
  out.push(table(rows));
  out.push('');
}

/** Per tier: servers serving / built, utilisation, queues, rejections. */
function tierLines(s: Summary, out: string[]): void {
  const tierRows: string[][] = [['tier', 'serving / built', 'utilisation', 'mean queue (Σ servers)', 'max queue (1 server)', 'rejected']];
  for (const [name, t] of Object.entries(s.tiers)) {
    const servers = Object.values(t.servers);
    tierRows.push([
      name,
      `${Number.isInteger(t.serving) ? int(t.serving) : num(t.serving, 1)} / ${int(t.built)}`,
      t.utilisation > 0 && t.utilisation < 0.0005 ? '<0.1%' : pct(t.utilisation, 1),
      num(t.meanQueued, 2),
      int(t.maxQueued),
      int(servers.reduce((a, x) => a + x.rejected, 0)),
    ]);
  }
  out.push(table(tierRows));
  out.push('(utilisation: of the servers while they run; mean queue: time-averaged waiting requests, summed over the servers)');
}

/** Replication lag per slave; a lost quorum. */
function databaseLines(s: Summary, out: string[]): void {
  for (const [tier, db] of Object.entries(s.databases)) {
    for (const [slave, r] of Object.entries(db.slaves)) {
      out.push('');
      out.push(
        `replication   ${tier} → ${slave}: ${int(r.writes)} writes, lag mean ${num(r.lagMs.mean)} ms, p99 ${num(r.lagMs.p99)} ms, max ${num(r.lagMs.max)} ms`,
      );
    }
    if (db.quorumAtEnd === false) out.push(`quorum        ${tier}: LOST at the end of the run`);
  }
}

/** The first incidents, one line each. */
function incidentLines(s: Summary, out: string[]): void {
  if (s.incidents.length > 0) {
    out.push('');
    // A long run with random failures can list hundreds: show the first ones.
    const shown = s.incidents.slice(0, 12);
    for (const inc of shown) {
      const repaired = inc.repairedSeconds === null ? 'not repaired' : `repaired at ${formatDuration(inc.repairedSeconds)}`;
      const what = inc.servers.length > 0 && inc.target.startsWith('server') ? '' : inc.servers.length > 0 ? ` (${inc.servers.join(', ')})` : '';
      const detected = inc.detectedSeconds !== null ? `, detected after ${formatDuration(inc.detectedSeconds - inc.startSeconds)}` : '';
      const how = inc.recovery !== null ? ` (${inc.recovery})` : '';
      const restored = inc.serviceRestoredSeconds !== null ? `, service back after ${formatDuration(inc.serviceRestoredSeconds - inc.startSeconds)}${how}` : '';
      const lost = inc.writesLost !== null ? `, ${int(inc.writesLost)} writes lost (RPO ${formatDuration(inc.rpoSeconds ?? 0)})` : '';
      out.push(`incident      ${formatDuration(inc.startSeconds)}: ${inc.description}${what}${detected}${restored}, ${repaired}, ${int(inc.requestsFailed)} requests failed${lost}`);
    }
    if (s.incidents.length > shown.length) out.push(`              … and ${int(s.incidents.length - shown.length)} more (see --json)`);
  }
}

/** Autoscaling per elastic tier, and the cost. */
function elasticAndCostLines(s: Summary, out: string[]): void {
  if (s.autoscaling !== undefined) {
    out.push('');
    for (const [tier, a] of Object.entries(s.autoscaling)) {
      const firstUp = a.timeline.find((e) => e.action === 'in-service');
      out.push(
        `autoscaling   ${tier}/${a.group}: ${num(a.scaleOuts, 0)} scale-outs, ${num(a.scaleIns, 0)} scale-ins, serving ${a.minServing}–${a.maxServing} (mean ${num(a.meanServing, 2)}), ${num(a.instanceHours, 2)} instance-hours (${num(a.billedHours, 0)} billed)${firstUp ? `, first new instance serving at ${formatDuration(firstUp.atSeconds)}` : ''}`,
      );
    }
  }
  if (s.cost !== undefined) {
    out.push('');
    const c = s.cost;
    out.push(`cost          ${num(c.run.total, 2)} ${c.currency} for the run, ${num(c.monthlyProjection.total, 2)} ${c.currency} projected per month (${c.monthHours} h)`);
  }
}

/** Each SLO with its verdict and measured value. */
function sloLines(s: Summary, out: string[]): void {
  if (s.slo.length > 0) {
    out.push('');
    for (const v of s.slo) {
      out.push(`SLO ${statusWord(v).padEnd(6)}  ${v.objective} (measured ${sloMeasured(v)})${v.status !== 'ok' && v.message ? ` — ${v.message}` : ''}`);
    }
  }
}

/** The instability verdict in one sentence, or undefined when every tier was stable. */
export function stabilityMessage(s: Summary): string | undefined {
  const st = s.stability;
  if (st.verdict !== 'unstable' || st.tier === null) return undefined;
  const reps = s.replications > 1 ? ` (in ${st.unstableReplications} of ${s.replications} replications)` : '';
  return (
    `UNSTABLE: the requests inside tier ${st.tier} kept growing, by ${num(st.growthPerSecond, 1)}/s over the second half of the measured window, ` +
    `${int(st.inSystemAtEnd ?? 0)} at the end${reps}: its offered load exceeds its capacity, and a longer run would only make the figures worse`
  );
}

/** Why a run stopped at the in-system limit, in one sentence. */
export function stoppedMessage(scenario: string, d: RunStoppedDetails): string {
  return (
    `STOPPED: ${scenario}: at ${formatDuration(d.atSeconds)} simulated (replication ${d.replication}), more than ${int(d.limit)} requests were in the system ` +
    `(run.maxRequestsInSystem; --max-in-system changes it); tier ${d.tier} holds ${int(d.inTier)}, server ${d.server} has ${int(d.queued)} waiting: ` +
    'the offered load exceeds the capacity — add capacity, or a queueLimit so the overload shows as rejected requests'
  );
}

/**
 * An SLO's measured value in the unit of its threshold, read from the
 * metric's name: a ratio (availability, failedRatio) as a percentage with
 * the threshold beside it, a latency in ms, a duration in s, a rate per s.
 */
/** An SLO's measured value in the unit of its metric, availability as a percentage beside its threshold. */
export function sloMeasured(v: Pick<SloVerdict, 'value' | 'unit' | 'metric' | 'threshold'>): string {
  const value = v.value;
  if (value === null) return 'nothing';
  const plain = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 4 });
  switch (v.unit) {
    case 'ms':
    case 's':
    case 'h':
    case 'GB':
      return `${plain(value)} ${v.unit}`;
    case 'perSecond':
      return `${plain(value)}/s`;
    case 'ratio':
      // Enough decimals that a failing 99.95% never reads as the 99.9% it missed, nor a 99.9996% as 100%.
      return `${(value * 100).toFixed(4).replace(/\.?0+$/, '')}% against ${plain(v.threshold * 100)}%`;
    default:
      return plain(value);
  }
}
