import type { RandomStream } from '../../rng/stream.js';
import type { ResolvedBackups } from '../../scenario/resolved-recovery.js';

/** One copy of a backup schedule. */
export interface BackupCopy {
  kind: 'incremental' | 'full';
  /** Start: the data it holds is as of then [s]. */
  at: number;
  /** End: usable from then [s]. */
  done: number;
  /** Deleted when older than this [s] (its schedule's `keep`). */
  keepSeconds: number;
  /** The job succeeded. */
  ok: boolean;
}

/**
 * Every copy the schedules take in [0, until], in time order (an incremental
 * before a full at the same instant, so the full is the later restore point). Failures are drawn from `rng` in that
 * order, one draw per copy of a schedule that can fail; without `rng` every
 * copy succeeds.
 */
export function backupCopies(b: ResolvedBackups, until: number, rng: RandomStream | undefined): BackupCopy[] {
  const copies: Array<BackupCopy & { p: number }> = [];
  for (const s of b.schedules) {
    for (let at = s.offsetSeconds; at <= until; at += s.everySeconds) {
      copies.push({ kind: s.kind, at, done: at + (s.durationSeconds ?? 0), keepSeconds: s.keepSeconds, ok: true, p: s.failureProbability ?? 0 });
    }
  }
  copies.sort((x, y) => x.at - y.at || (x.kind === y.kind ? 0 : x.kind === 'full' ? 1 : -1));
  if (rng !== undefined) for (const c of copies) if (c.p > 0) c.ok = rng.next() >= c.p;
  return copies.map(({ p: _p, ...c }) => c);
}

/**
 * The copy a restore decided at `decidedAt` uses for data lost (or gone bad)
 * at `lostAt`: the latest usable copy, still within its retention
 * at `finishedBy`, that started at or before `lostAt`
 * (strictly before, for a corruption: `inclusive` false) and finished by
 * `finishedBy` (the incident itself when the data is destroyed at once, the
 * notice for a corruption). Usable: the job succeeded, and with full
 * schedules an incremental needs every copy since the last full one to have
 * succeeded (a failed one breaks the chain until the next full). Returns
 * it, the incrementals to replay after its full copy (it included), and how
 * many usable copies there are.
 */
export function restorePoint(copies: readonly BackupCopy[], lostAt: number, finishedBy: number, inclusive: boolean): { copy: BackupCopy | undefined; replayed: number; kept: number } {
  const hasFull = copies.some((c) => c.kind === 'full');
  let chainOk = true;
  let sinceFull = 0;
  let copy: BackupCopy | undefined;
  let replayed = 0;
  let kept = 0;
  for (const c of copies) {
    if (c.kind === 'full') {
      chainOk = c.ok;
      sinceFull = 0;
    } else if (hasFull) {
      chainOk = chainOk && c.ok;
      sinceFull++;
    }
    const usable = (hasFull && c.kind === 'incremental' ? chainOk : c.ok) && (inclusive ? c.at <= lostAt : c.at < lostAt) && c.done <= finishedBy;
    // Deleted by the retention before the restore: gone.
    if (!usable || !(c.at > finishedBy - c.keepSeconds)) continue;
    kept++;
    copy = c;
    replayed = hasFull && c.kind === 'incremental' ? sinceFull : 0;
  }
  return { copy, replayed, kept };
}
