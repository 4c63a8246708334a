/** A command-line or file mistake about shards (shards.ts, shard-file.ts): exit 2, with what to do. */
export class ShardError extends Error {
  constructor(message: string, readonly suggestion: string) {
    super(message);
  }
}
