/**
 * Scenario fields of the closed workloads (issue 12, items 3 and 4):
 * `traffic.populations`, users who alternate think time and requests (the
 * scenario sets concurrency, not a rate), and `traffic.batches`, jobs
 * released at a time or over a window, once or periodically, whose
 * completion time and makespan are measured against a deadline.
 *
 * Built from the main schema's distribution (passed in, as in
 * storage-schema.ts, so there is no import circle).
 */
import { z } from 'zod';
import { Duration, Name, PositiveNumber, Size } from './schema-primitives.js';

export function closedTrafficSchemas<D extends z.ZodType>(Distribution: D) {
  const Delay = z
    .union([Duration, Distribution])
    .meta({ description: 'A duration (the mean of an exponential) or a distribution ({"dist":"constant","value":"5s"}).' });
  const ClassChoice = {
    class: Name.optional().meta({ description: 'The request class (a key of traffic.classes) of every request.' }),
    classes: z
      .record(Name, PositiveNumber)
      .optional()
      .meta({ description: 'Instead of "class": several classes with their shares, drawn for each request.' }),
  };
  const PopulationSchema = z
    .strictObject({
      description: z.string().optional(),
      users: z.number().int().min(1).max(1_000_000).meta({ description: 'Users (or concurrent sessions) in the population: its concurrency.' }),
      ...ClassChoice,
      thinkTime: Delay.meta({ description: 'Time a user waits between the end of one request (success or failure) and the next one.' }),
      session: z
        .strictObject({
          length: Delay.meta({ description: 'How long a session lasts; the user leaves after the request running when it ends.' }),
          gap: Delay.meta({ description: 'Time from the end of a session to the next one of the same seat.' }),
        })
        .optional()
        .meta({ description: 'Users come in sessions: `users` is then the number of session seats (e.g. 400 VDI connections).' }),
    })
    .meta({ description: 'A closed population: each user thinks, sends a request, waits for its outcome, thinks again.' });
  const BatchSchema = z
    .strictObject({
      description: z.string().optional(),
      jobs: z.number().int().min(1).max(10_000_000).meta({ description: 'Jobs released at each cycle (7,000 stores, 500,000 readings).' }),
      ...ClassChoice,
      at: Duration.default('0s').meta({ description: 'When the (first) batch is released, since the start of the run.' }),
      every: Duration.optional().meta({ description: 'Release a batch again every this long ("30min"): a periodic batch.' }),
      spread: z
        .strictObject({
          over: Duration.meta({ description: 'The window over which the jobs are released.' }),
          how: z.enum(['uniform', 'random']).default('uniform').meta({
            description: 'uniform: job i at i·over/jobs (evenly spaced); random: each job at an independent uniform time in the window.',
          }),
        })
        .optional()
        .meta({ description: 'Release the jobs over a window instead of all at once.' }),
      requests: z
        .union([z.number().int().min(1).max(100_000), z.strictObject({ min: z.number().int().min(1), max: z.number().int().min(1) })])
        .default(1)
        .meta({ description: 'Requests each job sends, one after the other: a count, or {min, max} drawn uniformly per job.' }),
      bytes: Size.optional().meta({ description: 'Size of each request of the job (its requestSize across links).' }),
      deadline: Duration.optional().meta({ description: 'Each cycle should be done this long after its release starts ("8h" for a 22:00–06:00 night).' }),
    })
    .meta({ description: 'A batch of jobs with a completion time: its makespan and the share of jobs done by the deadline are measured.' });
  return {
    populations: z
      .record(Name, PopulationSchema)
      .optional()
      .meta({ description: 'Closed populations of users by name (think time → request → think time). Their classes take no part in the open stream.' }),
    batches: z
      .record(Name, BatchSchema)
      .optional()
      .meta({ description: 'Batches of jobs by name, released once or every period. Their classes take no part in the open stream.' }),
  };
}
