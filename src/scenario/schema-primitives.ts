/**
 * The quantities every part of the scenario schema is made of (durations,
 * rates, bandwidths, sizes, names), defined once so that the main schema
 * and its sections (recovery, elasticity) give the same messages.
 */
import { z } from 'zod';
import { BANDWIDTH_PATTERN, DURATION_EXAMPLE, DURATION_PATTERN, RATE_EXAMPLE, RATE_PATTERN, SIZE_PATTERN } from './units.js';

export const Duration = z
  .string()
  .regex(new RegExp(DURATION_PATTERN), `expected a duration with a unit such as ${DURATION_EXAMPLE}`)
  .meta({ description: `Duration with a unit: ${DURATION_EXAMPLE}.` });

export const Rate = z
  .string()
  .regex(new RegExp(RATE_PATTERN), `expected a rate with a unit such as ${RATE_EXAMPLE}`)
  .meta({ description: `Rate with a unit: ${RATE_EXAMPLE}.` });

export const Bandwidth = z
  .string()
  .regex(new RegExp(BANDWIDTH_PATTERN), 'expected a bandwidth such as "100Mbps" or "1Gbps"')
  .meta({ description: 'Bandwidth with a unit: "100Mbps", "1Gbps".' });

export const Size = z.string().regex(new RegExp(SIZE_PATTERN), 'expected a size such as "60GB"').meta({ description: 'Size with a unit: "60GB", "5GiB".' });

export const Name = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'expected a name made of letters, digits, "_", "-" or "." starting with a letter');

export const PositiveNumber = z.number().positive();
