/**
 * The network's measured channels: each direction of a link (or of a loop
 * of a redundant link), each server's card, each direction of a site's
 * access link. The window meter reads, per channel, the bits carried (a
 * running count) and the time busy (a running integral); the summary's
 * `network` section and its series are made from those windows.
 */
import type { ResolvedScenario } from '../../scenario/resolved.js';
import type { FairShare } from '../network/fair-share.js';
import type { Link } from '../network/link.js';

/** What a channel is, from the scenario alone (the summary names its figures from it). */
export interface ChannelInfo {
  kind: 'link' | 'card' | 'access';
  /** The link ("RBX–GRA", "RBX–GRA#2" for its second loop), the server ("web/eg-1") or the site. */
  name: string;
  /** Links: "RBX→GRA"; access links: "in" (from clients) or "out" (to clients); cards: "out". */
  direction: string;
  /** Bits per second (Infinity: a link without a bandwidth). */
  bandwidthBps: number;
  sharing: 'fair' | 'fifo';
  /** Index of the link, the server (global id) or the site. */
  index: number;
}

export interface NetworkChannel extends ChannelInfo {
  /** Bits carried since the last reset (FIFO links: since the warm-up; pipes: since the start). */
  bits(): number;
  /** Time busy up to `nowSeconds` [s] (a FIFO link: its bits ÷ bandwidth). */
  busySeconds(nowSeconds: number): number;
}

/** Every channel of the scenario, in the order of the series' columns: links, cards, access links. */
export function channelInfos(scenario: ResolvedScenario): ChannelInfo[] {
  const links = scenario.links.flatMap((l, index): ChannelInfo[] => {
    const a = scenario.sites[l.siteA]!;
    const b = scenario.sites[l.siteB]!;
    const name = `${a}–${b}${l.loop !== undefined && l.loop > 1 ? `#${l.loop}` : ''}`;
    const sharing = l.sharing ?? 'fifo';
    return [
      { kind: 'link', name, direction: `${a}→${b}`, bandwidthBps: l.bandwidthBps, sharing, index },
      { kind: 'link', name, direction: `${b}→${a}`, bandwidthBps: l.bandwidthBps, sharing, index },
    ];
  });
  const servers = scenario.tiers.flatMap((t) => t.servers);
  const cards = servers.flatMap((s, index): ChannelInfo[] =>
    s.nicBps === undefined ? [] : [{ kind: 'card', name: s.name, direction: 'out', bandwidthBps: s.nicBps, sharing: 'fair', index }],
  );
  const access = (scenario.siteAccessBps ?? []).flatMap((bps, index): ChannelInfo[] =>
    bps === undefined
      ? []
      : [
          { kind: 'access', name: scenario.sites[index]!, direction: 'in', bandwidthBps: bps, sharing: 'fair', index },
          { kind: 'access', name: scenario.sites[index]!, direction: 'out', bandwidthBps: bps, sharing: 'fair', index },
        ],
  );
  return [...links, ...cards, ...access];
}

function fromPipe(info: ChannelInfo, pipe: FairShare): NetworkChannel {
  return { ...info, bits: () => pipe.bitsStarted, busySeconds: (now) => pipe.busySeconds(now) };
}

/** The channels with their readers on the built model. */
export function networkChannels(
  scenario: ResolvedScenario,
  parts: { links: readonly Link[]; cards: ReadonlyArray<FairShare | undefined>; accessIn: ReadonlyArray<FairShare | undefined>; accessOut: ReadonlyArray<FairShare | undefined> },
): NetworkChannel[] {
  return channelInfos(scenario).map((info) => {
    if (info.kind === 'card') return fromPipe(info, parts.cards[info.index]!);
    if (info.kind === 'access') return fromPipe(info, (info.direction === 'in' ? parts.accessIn : parts.accessOut)[info.index]!);
    const link = parts.links[info.index]!;
    const forward = info.direction.startsWith(`${scenario.sites[link.siteA]}→`);
    if (link.pipeAB !== undefined && link.pipeBA !== undefined) return fromPipe(info, forward ? link.pipeAB : link.pipeBA);
    const bits = forward ? () => link.bitsAB : () => link.bitsBA;
    const bw = link.bandwidthBps;
    return { ...info, bits, busySeconds: () => (bw === Infinity ? 0 : bits() / bw) };
  });
}
