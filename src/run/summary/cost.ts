/**
 * The summary's `cost` section: what the run cost and what a month like it
 * would cost, from the scenario's prices and counts the replications already
 * report (instance lifetimes, successful requests per class): nothing is
 * recorded per request.
 *
 * - A month is 730 hours (8,760 h ÷ 12).
 * - `run` covers the whole simulated run (warm-up included) for servers and
 *   monthly items: a monthly price is prorated (duration ÷ 730 h); an
 *   hourly instance pays every started hour of its lifetime, from the moment
 *   it is requested to its power-off (instances of a fixed group live the
 *   whole run); setup fees are paid once per server or instance started.
 *   Egress counts the responses of the successful measured requests (after
 *   the warm-up): Σ per class of ok × responseSize.
 * - `monthlyProjection`: monthly prices in full; a fixed hourly group kept
 *   on for 730 h; an elastic group at the run's average number of instances
 *   (instance-hours ÷ run hours) for 730 h, without rounding to started
 *   hours; egress at the measured rate for 730 h; no setup fees.
 * - Values are the mean over replications.
 */
import type { ResolvedScenario } from '../../scenario/resolved.js';
import { confidenceInterval } from '../../stats/confidence.js';
import type { ReplicationResult } from '../replication.js';

export const MONTH_HOURS = 730;
const MONTH_SECONDS = MONTH_HOURS * 3600;

export interface CostBreakdown {
  total: number;
  /** By item: "<tier>/<group>" (servers), "<tier>/<group> setup", "<tier>/<group> backup", "egress", "storage <name>", or an item's name. */
  byItem: Record<string, number>;
  /** By tier (its groups' servers, setup fees and backups). */
  byTier: Record<string, number>;
}

export interface CostSummary {
  currency: string;
  /** Hours in the month of the projection. */
  monthHours: number;
  run: CostBreakdown & { totalHalfWidth95: number | null };
  monthlyProjection: CostBreakdown;
  /** Bytes of responses counted for egress (measured requests, mean over replications) [GB]. */
  egressGB: number;
}

function cents(x: number): number {
  return Math.round(x * 100) / 100;
}

/** One replication's run cost and monthly projection, unrounded. */
function costOf(scenario: ResolvedScenario, rep: ReplicationResult): { run: Map<string, number>; month: Map<string, number>; tierOf: Map<string, string>; egressGB: number } {
  const cost = scenario.cost!;
  const D = scenario.run.durationSeconds;
  const measured = rep.measuredSeconds;
  const run = new Map<string, number>();
  const month = new Map<string, number>();
  const tierOf = new Map<string, string>();
  const add = (key: string, runValue: number, monthValue: number, tier?: string): void => {
    run.set(key, (run.get(key) ?? 0) + runValue);
    month.set(key, (month.get(key) ?? 0) + monthValue);
    if (tier !== undefined) tierOf.set(key, tier);
  };
  for (const g of cost.groups) {
    const key = `${g.tier}/${g.group}`;
    const elastic = g.elastic ? rep.autoscaling.find((a) => a.tier === g.tier) : undefined;
    if (elastic !== undefined) {
      // Mean instances over the run, kept for a month.
      const meanInstances = (elastic.instanceHours * 3600) / D;
      add(key, elastic.billedHours * g.perHour, meanInstances * MONTH_HOURS * g.perHour, g.tier);
      if (g.setupFee > 0) add(`${key} setup`, elastic.instancesStarted * g.setupFee, 0, g.tier);
      if (g.backup) add(`${key} backup`, ((elastic.instanceHours * 3600) / MONTH_SECONDS) * cost.backupPerVmMonth, meanInstances * cost.backupPerVmMonth, g.tier);
      continue;
    }
    const n = g.serverIndices.length;
    const hourly = n * Math.ceil(D / 3600 - 1e-9) * g.perHour; // each lives the whole run
    add(key, n * g.perMonth * (D / MONTH_SECONDS) + hourly, n * (g.perMonth + g.perHour * MONTH_HOURS), g.tier);
    if (g.setupFee > 0) add(`${key} setup`, n * g.setupFee, 0, g.tier);
    if (g.backup) add(`${key} backup`, n * cost.backupPerVmMonth * (D / MONTH_SECONDS), n * cost.backupPerVmMonth, g.tier);
  }
  let egressBytes = 0;
  scenario.classes.forEach((c, i) => (egressBytes += (rep.classes[i]?.ok ?? 0) * c.responseBytes));
  const egressGB = egressBytes / 1e9;
  if (cost.egressPerGB > 0) add('egress', egressGB * cost.egressPerGB, measured > 0 ? (egressGB / measured) * MONTH_SECONDS * cost.egressPerGB : 0);
  for (const s of cost.storage) add(`storage ${s.name}`, s.gigabytes * s.perGBMonth * (D / MONTH_SECONDS), s.gigabytes * s.perGBMonth);
  for (const item of cost.items) add(item.name, item.perMonth * (D / MONTH_SECONDS), item.perMonth);
  return { run, month, tierOf, egressGB };
}

function breakdown(maps: Array<Map<string, number>>, tierOf: Map<string, string>): CostBreakdown {
  const byItem: Record<string, number> = {};
  const byTier: Record<string, number> = {};
  let total = 0;
  for (const key of maps[0]?.keys() ?? []) {
    const v = maps.reduce((s, m) => s + (m.get(key) ?? 0), 0) / maps.length;
    byItem[key] = cents(v);
    total += v;
    const tier = tierOf.get(key);
    if (tier !== undefined) byTier[tier] = (byTier[tier] ?? 0) + v;
  }
  for (const t of Object.keys(byTier)) byTier[t] = cents(byTier[t]!);
  return { total: cents(total), byItem, byTier };
}

export function costSummary(scenario: ResolvedScenario, reps: readonly ReplicationResult[]): CostSummary | undefined {
  if (scenario.cost === undefined || reps.length === 0) return undefined;
  const per = reps.map((rep) => costOf(scenario, rep));
  const tierOf = per[0]!.tierOf;
  const totals = per.map((p) => [...p.run.values()].reduce((a, b) => a + b, 0));
  const ci = totals.length > 1 ? confidenceInterval(totals, 0.95) : undefined;
  return {
    currency: scenario.cost.currency,
    monthHours: MONTH_HOURS,
    run: { ...breakdown(per.map((p) => p.run), tierOf), totalHalfWidth95: ci && Number.isFinite(ci.halfWidth) ? cents(ci.halfWidth) : null },
    monthlyProjection: breakdown(per.map((p) => p.month), tierOf),
    egressGB: Math.round((per.reduce((s, p) => s + p.egressGB, 0) / per.length) * 1000) / 1000,
  };
}
