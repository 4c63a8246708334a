/**
 * Scenario sections for recovery mechanisms and data loss: database
 * failover (async master/slave), IP failover, backups, DRP sites.
 *
 * Kept apart from `schema.ts` (which only adds a field for each) so the
 * pieces can be read alone; the unit types are rebuilt here from the same
 * patterns rather than imported, because `schema.ts` imports this file.
 */
import { z } from 'zod';
import { DateTimeText } from './schema-calendar.js';
import { Duration, Name } from './schema-primitives.js';
import { BANDWIDTH_PATTERN, SIZE_PATTERN } from './units.js';



/** A monitoring VPS probing servers (Shinken on the ERP's VPS Cloud; the industrial company's VPS). */
export const MonitorSchema = z
  .strictObject({
    interval: Duration.default('10s').meta({ description: 'Time between two probes of a server.' }),
    timeout: Duration.default('5s').meta({ description: 'A probe to a dead server fails after this (≤ interval).' }),
    fall: z.number().int().min(1).default(3).meta({ description: 'Consecutive failed probes before the server is declared down.' }),
    rise: z.number().int().min(1).default(2).meta({ description: 'Consecutive good probes before a server is declared back.' }),
  })
  .meta({ description: 'The monitoring that detects a failure: a death is detected between (fall−1)·interval + timeout and fall·interval + timeout after it.' });

export const FailoverSchema = z
  .strictObject({
    monitor: MonitorSchema.default({ interval: '10s', timeout: '5s', fall: 3, rise: 2 }),
    promotion: Duration.meta({ description: 'From detection to the slave serving as master (the script that promotes it and repoints the application).' }),
    weights: z
      .strictObject({
        tier: Name.meta({ description: 'The weighted-round-robin tier whose weights the API call changes (the ERP app tier behind the LB IP).' }),
        set: z.record(Name, z.number().min(0)).meta({ description: 'New weight by server name of that tier, e.g. { "sbg": 40, "rbx": 60 }.' }),
        apiDelay: Duration.default('0s').meta({ description: 'From promotion to the new weights being in force (the API call).' }),
      })
      .optional()
      .meta({ description: 'Weights switched through the load balancer API after the promotion.' }),
    resync: Duration.default('0s').meta({
      description: 'Once a failed server is back (seen by the monitor), time to resynchronise it before it rejoins as a slave.',
    }),
  })
  .meta({
    description:
      'Automatic failover of an async master: detect (monitor), promote the most up-to-date live slave, repoint the application; writes the slave had not received are lost.',
  });

export const IpFailoverSchema = z
  .strictObject({
    master: Name.optional().meta({ description: 'The server holding the failover IP at the start (default: the first).' }),
    monitor: MonitorSchema.default({ interval: '10s', timeout: '5s', fall: 3, rise: 2 }),
    move: Duration.meta({ description: 'From detection to the IP answering on the standby (the API call moving the failover IP, standby services started).' }),
  })
  .meta({ description: 'balancer "ip-failover": one server takes all traffic through a failover IP; the monitoring VPS moves the IP to a live standby when it dies.' });

export const BackupScheduleSchema = z.strictObject({
  kind: z.enum(['incremental', 'full']),
  every: Duration.meta({ description: 'A copy is taken at offset, offset + every, offset + 2·every, … (from the start of the run).' }),
  offset: z.union([Duration, DateTimeText]).default('0s').meta({ description: 'Time of the first copy: since the start ("2h"), or a date-time on run.startsAt\'s calendar.' }),
  keep: Duration.optional().meta({ description: 'Retention: copies older than this are deleted (default: kept for the whole run).' }),
});

export const BackupsSchema = z
  .strictObject({
    schedules: z.array(BackupScheduleSchema).min(1),
    dataSize: z.string().regex(new RegExp(SIZE_PATTERN), 'expected a size such as "50GB"').meta({ description: 'Size of the database to restore.' }),
    restoreThroughput: z
      .string()
      .regex(new RegExp(BANDWIDTH_PATTERN), 'expected a bandwidth such as "1Gbps"')
      .meta({ description: 'Throughput of a restore from the backup server.' }),
    replayPerIncremental: Duration.default('0s').meta({
      description: 'Time to replay one incremental copy taken after the last full one (with no full schedule every copy is a complete snapshot: nothing to replay).',
    }),
    detection: Duration.default('0s').meta({ description: 'From the incident to the decision to restore (someone notices the data is gone).' }),
  })
  .meta({ description: 'Backups of a database tier: an incident with "destroysData" loses what was written since the last copy and keeps the database down until the restore ends.' });

export const DrpSchema = z
  .strictObject({
    servers: z.array(Name).min(1).meta({ description: 'Servers of this tier that form the DRP site: asleep (not serving) until activated.' }),
    monitor: MonitorSchema.default({ interval: '10s', timeout: '5s', fall: 3, rise: 2 }),
    switchOver: Duration.meta({ description: 'From the detection that every primary server is down to the DRP servers serving.' }),
  })
  .meta({ description: 'A sleeping disaster-recovery copy of the tier in another site, woken when all the primary servers are down; it then serves in degraded mode (its own, smaller capacity).' });
