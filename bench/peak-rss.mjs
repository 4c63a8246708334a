// Runs the built CLI in this process and prints its peak resident memory on
// stderr when it ends (the worker threads' memory included: they live in
// this process). Used by bench/scale.ts:
//   node bench/peak-rss.mjs <checkout> <simulate arguments…>
import { pathToFileURL } from 'node:url';
import { join, resolve } from 'node:path';

const [dir, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], 'simulate', ...args];
process.on('exit', () => process.stderr.write(`peak-rss-kB ${process.resourceUsage().maxRSS}\n`));
await import(pathToFileURL(join(resolve(dir), 'dist/src/cli/main.js')).href);
