/** Periodic copies (rsync every 15 minutes, a nightly dump) feeding the slaves of an async database instead of the binlog stream (issue #13). */
import { z } from 'zod';
import { Duration } from './schema-primitives.js';

export const periodicCopyField = {
  periodicCopy: z
    .strictObject({
      every: Duration.meta({ description: 'A copy starts at offset, offset + every, … (rsync from cron every "15min").' }),
      duration: Duration.default('0s').meta({ description: 'How long a copy takes: the slave has the data as of its start from its end.' }),
      offset: Duration.default('0s').meta({ description: 'Start of the first copy.' }),
    })
    .optional()
    .meta({
      description:
        'The slaves are fed by periodic copies instead of the binlog stream: a write reaches them at the end of the first copy that starts at or after it, so a master failure loses everything since the start of the last completed copy (mean every/2 + duration, at most every + duration).',
    }),
};
