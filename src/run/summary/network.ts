/**
 * The summary's `network` section (present when the scenario has links,
 * cards or access links): per channel, its utilisation (time busy ÷
 * measured time; a FIFO link: bits ÷ (bandwidth × time); null without a
 * bandwidth) and the data it carried [GB], both per replication (the mean
 * over replications). Made from the per-window series, which cover the
 * measured time exactly; `networkSeries` gives the same per window.
 */
import { channelInfos, type ChannelInfo } from '../../model/meters/network-channels.js';
import type { WindowSeries } from '../../model/meters/build-windows.js';
import type { ResolvedScenario } from '../../scenario/resolved.js';
import type { ReplicationResult } from '../replication.js';
import { r } from './numbers.js';

export interface ChannelFigures {
  /** Share of the measured time the channel carried something (0–1); null for a link without a bandwidth. */
  utilisation: number | null;
  /** Data carried, per replication [GB = 10⁹ bytes]. */
  sentGB: number;
}

export interface NetworkSummary {
  /** By link ("RBX–GRA"; a second loop "RBX–GRA#2"), by direction ("RBX→GRA"). */
  links: Record<string, Record<string, ChannelFigures>>;
  /** By server: its network card (what it sends). */
  cards: Record<string, ChannelFigures>;
  /** By site: its access link, from clients (`in`) and to them (`out`). */
  access: Record<string, { in: ChannelFigures; out: ChannelFigures }>;
}

/** Where channel `info`'s figures go in the section (its dotted path, for the series too). */
function pathOf(info: ChannelInfo): string {
  if (info.kind === 'card') return `network.cards.${info.name}`;
  return `network.${info.kind === 'link' ? 'links' : 'access'}.${info.name}.${info.direction}`;
}

function figures(info: ChannelInfo, busySeconds: number, bits: number, seconds: number): ChannelFigures {
  return {
    utilisation: info.bandwidthBps === Infinity ? null : seconds > 0 ? r(busySeconds / seconds, 4) : 0,
    sentGB: r(bits / 8e9, 6),
  };
}

const total = (a: Float64Array): number => a.reduce((x, v) => x + v, 0);

export function networkSection(scenario: ResolvedScenario, reps: readonly ReplicationResult[]): NetworkSummary | undefined {
  const infos = channelInfos(scenario);
  if (infos.length === 0 || reps.length === 0) return undefined;
  const out: NetworkSummary = { links: {}, cards: {}, access: {} };
  infos.forEach((info, i) => {
    const busy = reps.reduce((a, x) => a + total(x.series.networkBusy[i]!), 0) / reps.length;
    const bits = reps.reduce((a, x) => a + total(x.series.networkBits[i]!), 0) / reps.length;
    const f = figures(info, busy, bits, reps[0]!.measuredSeconds);
    if (info.kind === 'card') out.cards[info.name] = f;
    else if (info.kind === 'link') (out.links[info.name] ??= {})[info.direction] = f;
    else (out.access[info.name] ??= { in: f, out: f })[info.direction as 'in' | 'out'] = f;
  });
  return out;
}

/** The per-window `network.…utilisation` and `network.…sentGB` series, pooled over the replications like the whole-run figures. */
export function networkSeries(out: Record<string, Array<number | null>>, scenario: ResolvedScenario, reps: readonly ReplicationResult[], len: readonly number[]): void {
  channelInfos(scenario).forEach((info, i) => {
    const per = (k: number, f: (s: WindowSeries) => Float64Array[]): number => reps.reduce((a, x) => a + f(x.series)[i]![k]!, 0) / reps.length;
    const p = pathOf(info);
    out[`${p}.utilisation`] = len.map((l, k) => (info.bandwidthBps === Infinity ? null : l > 0 ? r(per(k, (s) => s.networkBusy) / l, 4) : 0));
    out[`${p}.sentGB`] = len.map((_, k) => r(per(k, (s) => s.networkBits) / 8e9, 6));
  });
}
