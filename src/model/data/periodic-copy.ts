/**
 * Periodic copies (rsync every `every`, each taking `duration`): a write
 * committed at t reaches the slave at the end of the first copy starting at
 * or after t. So at a failure at F the slave has the data as of the start
 * of the last copy finished by F: the writes lost span F − that start,
 * uniform on [duration, every + duration] for a failure at a random time
 * (mean every/2 + duration) when duration < every.
 */
export interface PeriodicCopySpec {
  everySeconds: number;
  durationSeconds: number;
  offsetSeconds: number;
}

/** When a write committed (sent) at `t` reaches the slave [s]. */
export function periodicReceive(spec: PeriodicCopySpec): (t: number) => number {
  const { everySeconds, durationSeconds, offsetSeconds } = spec;
  return (t) => {
    const k = t <= offsetSeconds ? 0 : Math.ceil((t - offsetSeconds) / everySeconds);
    return offsetSeconds + k * everySeconds + durationSeconds;
  };
}
