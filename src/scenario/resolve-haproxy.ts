/** Resolution of a tier's `haproxy` block (schema-haproxy.ts): units to seconds, and the combinations that make sense. */
import type { Collector, Path } from './collector.js';
import type { ResolvedHaproxy } from './resolved-haproxy.js';
import type { ScenarioParsed } from './schema.js';

type TierSpec = ScenarioParsed['tiers'][string];

/** A connect to a vanished server behind a tier without an `haproxy` block hangs this long (Linux gives up later; HAProxy's usual `timeout connect`) [s]. */
export const DEFAULT_TIMEOUT_CONNECT_SECONDS = 5;

export function resolveHaproxy(c: Collector, tpath: Path, t: TierSpec): ResolvedHaproxy | undefined {
  const h = t.haproxy;
  if (h === undefined) return undefined;
  const path: Path = [...tpath, 'haproxy'];
  if (t.database !== undefined) c.error(path, 'a database tier routes by site itself: it cannot have an "haproxy" block', 'put the HAProxy block on the tier in front of it, or remove it');
  if (t.balancer === 'dns-round-robin') c.error(path, 'DNS round-robin is chosen by the clients: there is no proxy to queue or retry', 'use another "balancer", or remove "haproxy"');
  if (h.maxconn === undefined) {
    if (h.timeoutQueue !== undefined) c.error([...path, 'timeoutQueue'], '"timeoutQueue" needs "maxconn": without it there is no backend queue', 'add "maxconn", or remove "timeoutQueue"');
    if (h.queueLimit !== 'unbounded') c.error([...path, 'queueLimit'], '"queueLimit" needs "maxconn": without it there is no backend queue', 'add "maxconn", or remove "queueLimit"');
  }
  if (h.redispatch !== false && h.retries === 0) c.error([...path, 'redispatch'], 'redispatch happens on a retry, and "retries" is 0', 'set "retries" to 1 or more, or remove "redispatch"');
  const timeoutConnectSeconds = c.seconds([...path, 'timeoutConnect'], h.timeoutConnect);
  if (!(timeoutConnectSeconds > 0)) c.error([...path, 'timeoutConnect'], `must be longer than zero, got ${JSON.stringify(h.timeoutConnect)}`);
  const timeoutQueueSeconds = h.timeoutQueue === undefined ? timeoutConnectSeconds : c.seconds([...path, 'timeoutQueue'], h.timeoutQueue);
  return {
    maxconn: h.maxconn ?? Infinity,
    queueLimit: h.queueLimit === 'unbounded' ? Infinity : h.queueLimit,
    timeoutQueueSeconds,
    timeoutConnectSeconds,
    retries: h.retries,
    redispatch: h.redispatch === 'every' ? 'every' : h.redispatch ? 'last' : 'off',
    retryDelaySeconds: Math.min(c.seconds([...path, 'retryDelay'], h.retryDelay), timeoutConnectSeconds),
  };
}
