/**
 * Scenario format for elasticity and money: a tier's `autoscaling` section,
 * a server group's `price`, and the top-level `cost` section. Part of the one
 * zod definition in `schema.ts` (validator, TS types and JSON Schema).
 *
 * Why a factory for the autoscaling schema: it reuses `DistributionSchema`,
 * which lives in `schema.ts`; importing it from here while `schema.ts`
 * imports this file would be a cycle (the constant would not be initialised
 * yet when this module runs). `schema.ts` passes it in instead.
 */
import { z } from 'zod';
import { DateTimeText } from './schema-calendar.js';
import { Duration, Size } from './schema-primitives.js';



const Money = z.number().min(0);

export const AUTOSCALING_METRICS = ['utilisation', 'queue', 'latencyP95', 'rate'] as const;

export const ScalingPolicySchema = z
  .strictObject({
    metric: z.enum(AUTOSCALING_METRICS).meta({
      description:
        "utilisation: busy slots ÷ slots of the tier's serving servers (0–1); queue: mean waiting requests per serving server; latencyP95: the tier's p95 latency [ms]; rate: requests served per second per serving server. Each over the last period.",
    }),
    scaleOutAbove: z.number().min(0).optional().meta({ description: 'Add instances when the metric is above this.' }),
    scaleInBelow: z.number().min(0).optional().meta({ description: 'Remove instances when the metric is below this (every policy must agree).' }),
    step: z.number().int().min(1).default(1).meta({ description: 'Instances added or removed per decision.' }),
  })
  .meta({ description: 'A threshold policy evaluated every period.' });

export const ScheduledScalingSchema = z
  .strictObject({
    at: z.union([Duration, DateTimeText]).meta({ description: 'When: simulated time since the start ("10h"), or a date-time on run.startsAt\'s calendar ("2014-06-12T20:00").' }),
    min: z.number().int().min(0).optional().meta({ description: 'New minimum number of instances.' }),
    max: z.number().int().min(0).optional().meta({ description: 'New maximum number of instances (at most the group built).' }),
    desired: z.number().int().min(0).optional().meta({ description: 'Set the number of instances now (manual scaling), clamped to [min, max].' }),
    description: z.string().optional(),
  })
  .meta({ description: 'A scheduled or manual action: new bounds and/or a desired count (instances added before the weekend).' });

/** The tier's `autoscaling` section; `distribution` is schema.ts's DistributionSchema (see the header). */
export function autoscalingSchema<D extends z.ZodType>(distribution: D) {
  return z
    .strictObject({
      group: z.string().min(1).meta({ description: 'The server group (its "name") that grows and shrinks.' }),
      initial: z.number().int().min(0).optional().meta({ description: 'Instances serving at the start (default: the group\'s "count"); 0 is allowed.' }),
      min: z.number().int().min(0).default(0).meta({ description: 'Fewest instances the policies may leave.' }),
      max: z.number().int().min(1).meta({ description: 'Most instances; that many servers are built (named <group>-1 … <group>-<max>).' }),
      period: Duration.default('1min').meta({ description: 'Time between two evaluations; metrics are taken over the last period.' }),
      policies: z.array(ScalingPolicySchema).default([]).meta({ description: 'Threshold policies: any above its scale-out threshold adds instances; all below their scale-in thresholds remove some.' }),
      cooldown: z
        .strictObject({
          scaleOut: Duration.default('5min').meta({ description: 'No scale-out sooner than this after the last scale-out.' }),
          scaleIn: Duration.default('10min').meta({ description: 'No scale-in sooner than this after the last scaling action.' }),
        })
        .default({ scaleOut: '5min', scaleIn: '10min' }),
      provisioning: distribution.meta({
        description: 'Time from the decision to a serving instance: API call, boot, configuration (Puppet, rsync of the site) and registration in the balancer.',
      }),
      drain: Duration.default('30s').meta({ description: 'Scale-in: the instance takes no new requests and is powered off when empty or after this long (requests still inside then fail).' }),
      scheduled: z.array(ScheduledScalingSchema).default([]),
    })
    .meta({ description: 'An elastic server group: instances added and removed by policies, schedules or manual actions, each after a provisioning delay.' });
}

export const PriceSchema = z
  .strictObject({
    perMonth: Money.optional().meta({ description: 'Monthly rental per server (a dedicated server); prorated over the run, a full month in the projection.' }),
    perHour: Money.optional().meta({ description: 'Hourly price per instance, billed per started hour of each instance lifetime (Public Cloud).' }),
    setupFee: Money.default(0).meta({ description: 'One-off fee per server (or per instance started).' }),
    backup: z.boolean().default(false).meta({ description: 'Each server of the group is backed up at cost.backup.perVmMonth.' }),
  })
  .meta({ description: 'What one server of the group costs, in cost.currency.' });

export const CostSchema = z
  .strictObject({
    currency: z.string().min(1).default('EUR').meta({ description: 'Currency of every price (informative: no conversion).' }),
    backup: z
      .strictObject({ perVmMonth: Money.meta({ description: 'Price per backed-up VM per month (Veeam Managed Backup: $8.50 in the book).' }) })
      .optional(),
    egress: z.strictObject({ perGB: Money.meta({ description: 'Price per GB (10^9 bytes) of responses leaving the infrastructure.' }) }).optional(),
    storage: z
      .array(z.strictObject({ name: z.string().min(1), size: Size, perGBMonth: Money.meta({ description: 'Price per GB (10^9 bytes) per month.' }) }))
      .default([])
      .meta({ description: 'Storage billed per GB-month (object storage, backup space).' }),
    items: z
      .array(z.strictObject({ name: z.string().min(1), perMonth: Money }))
      .default([])
      .meta({ description: 'Other monthly items (an IP Load Balancing, a licence), prorated over the run.' }),
  })
  .meta({ description: "Prices besides the server groups' own (see a group's price): the run's cost and a monthly projection appear in the summary." });
