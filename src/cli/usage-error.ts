/** A mistake on the command line (not in the scenario): one line on stderr and exit 2. */
export class UsageError extends Error {}
