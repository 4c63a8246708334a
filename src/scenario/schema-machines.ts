/**
 * Scenario format for shared machines and host placement rules: the
 * top-level `machines` section (a machine carries several tiers that share
 * its cores; server groups name it with "machine"), and a host group's
 * `antiAffinity` rules. Part of the one zod definition in `schema.ts`.
 *
 * Why a factory for the machine schema: it reuses `FailuresSchema`, which
 * lives in `schema.ts`; importing it from here while `schema.ts` imports
 * this file would be a cycle (see schema-elastic.ts). `schema.ts` passes it in.
 */
import { z } from 'zod';
import { Name, PositiveNumber } from './schema-primitives.js';

/** A machine definition; `failures` is schema.ts's FailuresSchema (see the header). */
export function machineSchema<F extends z.ZodType>(failures: F) {
  return z
    .strictObject({
      description: z.string().optional(),
      count: z.number().int().min(1).default(1).meta({ description: 'Machines built alike, named "<machine>-1", "<machine>-2", …; each server group on the machine gets one server on each.' }),
      cores: z.number().int().min(1).meta({ description: "CPU cores shared by the busy workers of every tier on the machine (processor sharing): with n busy workers in all, each runs at min(1, cores/n) of full speed." }),
      hardware: z.string().optional().meta({ description: 'Free text: "EG-32 dedicated", "VPS Cloud 2", …' }),
      failures: failures.optional().meta({ description: 'Random failures of each machine: all its tiers go down together.' }),
      host: Name.optional().meta({ description: 'Each machine is a VM on the hosts of this host group (a key of "hosts"): a host failure takes all its tiers down.' }),
      size: PositiveNumber.default(1).meta({ description: 'With "host": the share of a host\'s capacity one machine takes.' }),
      faultTolerant: z.boolean().default(false).meta({ description: 'With "host": VMware Fault Tolerance, a shadow VM on another host (reserving "size" there) takes over at once.' }),
    })
    .meta({ description: 'A machine (a server or a VM) that carries several tiers — nginx, PHP-FPM and memcache on one box — each with its own workers and queue, sharing the machine\'s cores; a crash takes all of them down.' });
}

export const AntiAffinitySchema = z
  .array(z.array(z.string().min(1)).min(2))
  .meta({
    description:
      'VM–VM anti-affinity rules: each rule lists VMs (servers as "tier/server", machines as "<machine>-<n>") that must run on different hosts of the group, at the start and after a VMware HA restart; an error when the placement cannot honour them.',
  });
