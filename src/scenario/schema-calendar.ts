/**
 * Scenario format of the calendar and of what changes traffic over it:
 * `run.startsAt`/`run.timeZone`, dated `traffic.events` (a match schedule),
 * `traffic.growth`, a daily curve per weekday (`daily.days`), and the
 * fields that give a request class its own arrival process. The shared
 * schemas (phases, daily, burstiness, trace) are passed in by schema.ts, so
 * this file does not import it.
 */
import { z } from 'zod';
import { Duration, Name, PositiveNumber } from './schema-primitives.js';
import { WEEKDAYS } from './weekdays.js';

/** A date-time, local to the calendar's zone unless it carries an offset. */
export const DateTimeText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?\s*(Z|[+-]\d{2}:\d{2})?$/, 'expected a date and time such as "2014-06-12T22:00" or "2014-06-12T22:00+02:00"')
  .meta({ description: 'Date and time "YYYY-MM-DDTHH:MM", local to run.timeZone (or startsAt\'s offset) unless it ends with an offset such as "+02:00" or "Z".' });

export const runCalendarFields = {
  startsAt: z
    .string()
    .optional()
    .meta({
      description:
        'The date and time of t = 0, with its offset ("2014-06-12T00:00+02:00"), or local to run.timeZone ("2014-06-12T00:00"). Daily curves, dated events and date-times follow this calendar.',
    }),
  timeZone: z
    .string()
    .optional()
    .meta({ description: 'IANA time zone of local times ("Europe/Paris": daylight saving included); default: the fixed offset of startsAt.' }),
};

export const TrafficEventSchema = z
  .strictObject({
    description: z.string().optional(),
    at: z.union([DateTimeText, z.array(DateTimeText).min(1)]).meta({ description: 'When, as a date-time, or a list of them (a match schedule): one event of the same shape at each.' }),
    after: Duration.default('0s').meta({ description: 'Delay from each `at` to the start of the rise (the final whistle 1h52min after kick-off).' }),
    factor: z.number().min(0).meta({ description: 'Rate multiplier at the top (3: the load triples; below 1: a dip).' }),
    rise: Duration.default('0s').meta({ description: 'From 1 to `factor`, linearly.' }),
    hold: Duration.default('0s').meta({ description: 'Time at `factor`.' }),
    decay: Duration.default('0s').meta({ description: 'From `factor` back to 1, linearly.' }),
    classes: z.array(Name).min(1).optional().meta({ description: 'The classes it affects (default: all); naming some gives every class its own arrival stream.' }),
  })
  .meta({ description: 'A dated change of traffic: ×factor, reached over `rise`, held, then decaying; overlapping events add their excess over 1.' });

export const GrowthSchema = z
  .strictObject({
    per: Duration.meta({ description: 'The period over which the rate is multiplied by `factor` ("30d").' }),
    factor: PositiveNumber.meta({ description: 'Compound growth: the rate is multiplied by factor^(t / per) (1.2: +20 % a month).' }),
  })
  .meta({ description: 'A trend over weeks or months, compound from ×1 at the start of the run.' });

/** `daily.days`: a shape per weekday; `hourOfDay` is schema.ts's "HH:MM" (see the header). */
export function daysSchema<H extends z.ZodType>(hourOfDay: H) {
  const shape = z.strictObject({
    hourly: z.array(z.number().min(0)).length(24).optional(),
    anchors: z.array(z.tuple([hourOfDay, z.number().min(0)])).min(1).optional(),
  });
  return z
    .partialRecord(z.enum(WEEKDAYS), shape)
    .optional()
    .meta({ description: 'A daily shape for given weekdays ("saturday": weekend evenings), instead of hourly/anchors on those days.' });
}

/** A class's own arrival process: the traffic fields (schema.ts's schemas passed in). */
export function classTrafficFields<P extends z.ZodType, D extends z.ZodType, B extends z.ZodType, T extends z.ZodType>(phase: P, daily: D, burstiness: B, trace: T) {
  return {
    phases: z.array(phase).min(1).optional().meta({ description: 'This class\'s own rate profile: it then arrives as a stream of its own (its own RNG stream), not as a share.' }),
    daily: daily.optional(),
    burstiness: burstiness.optional(),
    trace: trace.optional().meta({ description: 'A rate trace ("rates") for this class alone.' }),
  };
}
