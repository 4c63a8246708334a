/** The report's HTML pieces that are not charts: headline cards, the SLO table and the incident table. Every scenario text is escaped. */
import type { Summary } from '../run/summary.js';
import { escapeHtml } from './html-escape.js';

function pct(x: number | null | undefined, digits = 3): string {
  return x === null || x === undefined ? '–' : `${(x * 100).toFixed(digits)}%`;
}

function ms(x: number | null | undefined): string {
  return x === null || x === undefined ? '–' : `${+x.toPrecision(4)} ms`;
}

function seconds(x: number | null | undefined): string {
  return x === null || x === undefined ? '–' : `${+x.toFixed(1)} s`;
}

function card(value: string, key: string): string {
  return `<div class="card"><div class="v">${escapeHtml(value)}</div><div class="k">${escapeHtml(key)}</div></div>`;
}

export function headlineHtml(s: Summary): string {
  const ci = s.availability.requestsCI95;
  const cards = [
    card(pct(s.availability.requests), `availability by requests${ci && ci.halfWidth95 !== null ? ` (± ${pct(ci.halfWidth95, 4)})` : ''}`),
    card(pct(s.availability.time), 'availability by time'),
    card(ms(s.latencyMs.p50), 'latency p50'),
    card(ms(s.latencyMs.p95), 'latency p95'),
    card(ms(s.latencyMs.p99), 'latency p99'),
    card(`${s.requests.failed.toLocaleString('en')} / ${s.requests.total.toLocaleString('en')}`, 'requests failed / measured'),
  ];
  if (s.cost) cards.push(card(`${s.cost.monthlyProjection.total.toFixed(2)} ${s.cost.currency}`, 'cost per month (projected)'));
  return `<div class="cards">${cards.join('')}</div>`;
}

/** A verdict's measured value in its metric's unit (availability as a percentage). */
function measured(v: Summary['slo'][number]): string {
  if (v.value === null) return '–';
  const plain = +v.value.toPrecision(6);
  switch (v.unit) {
    case 'ratio':
      return `${+(v.value * 100).toFixed(4)}%`;
    case 'ms':
    case 's':
    case 'h':
    case 'GB':
      return `${plain} ${v.unit}`;
    case 'perSecond':
      return `${plain}/s`;
    default:
      return String(plain);
  }
}

export function sloTableHtml(s: Summary): string {
  if (s.slo.length === 0) return '<p class="empty">No SLO.</p>';
  const rows = s.slo.map(
    (v) =>
      `<tr><td class="${v.ok ? 'ok' : 'failed'}">${v.ok ? 'ok' : escapeHtml(v.status === 'failed' ? 'FAILED' : v.status)}</td><td>${escapeHtml(v.objective)}</td><td class="num">${escapeHtml(measured(v))}</td><td>${escapeHtml(v.message ?? '')}</td></tr>`,
  );
  return `<table class="slo"><thead><tr><th>SLO</th><th>objective</th><th>measured</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

export function incidentTableHtml(s: Summary): string {
  if (s.incidents.length === 0) return '<p class="empty">No incident.</p>';
  const rows = s.incidents.map((i) =>
    [
      '<tr class="incident">',
      `<td>${escapeHtml(i.target)}</td><td>${escapeHtml(i.description)}</td>`,
      `<td class="num">${seconds(i.startSeconds)}</td><td class="num">${seconds(i.detectedSeconds)}</td><td>${escapeHtml(i.detectedBy ?? '–')}</td>`,
      `<td>${escapeHtml(i.recovery ?? '–')}</td><td class="num">${seconds(i.serviceRestoredSeconds)}</td><td class="num">${seconds(i.rtoSeconds)}</td>`,
      `<td class="num">${seconds(i.rpoSeconds)}</td><td class="num">${i.writesLost ?? '–'}</td><td class="num">${i.requestsFailed.toLocaleString('en')}</td>`,
      '</tr>',
    ].join(''),
  );
  return [
    '<table class="incidents"><thead><tr><th>target</th><th>what</th><th>start</th><th>detected</th><th>by</th><th>recovery</th>',
    '<th>restored</th><th>RTO</th><th>RPO</th><th>writes lost</th><th>requests failed</th></tr></thead>',
    `<tbody>${rows.join('')}</tbody></table>`,
  ].join('');
}
