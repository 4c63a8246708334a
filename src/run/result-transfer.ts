/**
 * A replication's result on its way back from a worker thread, as compact
 * transferable buffers.
 *
 * Why: a result is counters, histograms and per-window series, never
 * per-request data, but a structured clone copies it, and the histograms'
 * buckets are arrays of [index, count] pairs, one small array each (a
 * 30-day run with per-class latency has thousands). {@link encodeResult}
 * packs each histogram's buckets into one Float64Array (index, count,
 * index, count…: both exact in a double) and lists every typed array's
 * buffer for transfer, so the worker hands its memory over instead of the
 * main thread copying it. {@link decodeResult} restores the exact same
 * object: the summary does not depend on the way a result came back.
 */
import type { ReplicationResult } from './replication.js';

/** A result whose histograms carry `packedBuckets` instead of `buckets`. */
export interface EncodedResult {
  readonly packed: unknown;
}

const PACKED = 'packedBuckets';

/** The packed result and the buffers to pass as postMessage's transfer list (each once). */
export function encodeResult(result: ReplicationResult): { message: EncodedResult; transfer: ArrayBuffer[] } {
  const buffers = new Set<ArrayBuffer>();
  const packed = pack(result, buffers);
  return { message: { packed }, transfer: [...buffers] };
}

export function decodeResult(e: EncodedResult): ReplicationResult {
  return unpack(e.packed) as ReplicationResult;
}

function isHistogram(v: object): v is { subBits: number; buckets: Array<[number, number]> } {
  return 'subBits' in v && Array.isArray((v as { buckets?: unknown }).buckets);
}

function pack(v: unknown, buffers: Set<ArrayBuffer>): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (ArrayBuffer.isView(v)) {
    if (v.buffer instanceof ArrayBuffer) buffers.add(v.buffer);
    return v;
  }
  if (Array.isArray(v)) return v.map((x) => pack(x, buffers));
  const out: Record<string, unknown> = {};
  if (isHistogram(v)) {
    const flat = new Float64Array(v.buckets.length * 2);
    v.buckets.forEach(([i, c], k) => {
      flat[2 * k] = i;
      flat[2 * k + 1] = c;
    });
    buffers.add(flat.buffer);
    for (const [k, x] of Object.entries(v)) out[k === 'buckets' ? PACKED : k] = k === 'buckets' ? flat : x;
    return out;
  }
  for (const [k, x] of Object.entries(v)) out[k] = pack(x, buffers);
  return out;
}

function unpack(v: unknown): unknown {
  if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return v;
  if (Array.isArray(v)) return v.map(unpack);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === PACKED && x instanceof Float64Array) {
      const pairs: Array<[number, number]> = new Array(x.length / 2);
      for (let i = 0; i < pairs.length; i++) pairs[i] = [x[2 * i]!, x[2 * i + 1]!];
      out.buckets = pairs;
    } else {
      out[k] = unpack(x);
    }
  }
  return out;
}
