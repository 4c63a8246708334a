/**
 * Import rules of src/, checked by `npm run check:imports` (run before the
 * tests, so `npm test` and CI enforce them). The layers, bottom to top:
 *
 *   io, rng, stats  →  engine  →  traffic  →  scenario  →  model  →  run  →  compare  →  report  →  cli
 *
 * A layer imports only from the layers below it. Inside the model, each
 * folder names the folders it may import (see src/model/README.md).
 */
const inModel = (folder) => `^src/model/${folder}/`;
const modelFolders = ['request', 'balancers', 'network', 'stations', 'data', 'flow', 'sources', 'meters', 'faults', 'recovery', 'elasticity'];
/** Model folder → the model folders it may import from (besides itself). */
const modelAllowed = {
  request: [],
  balancers: [],
  network: ['request'],
  stations: ['request', 'balancers'],
  data: ['request', 'network', 'stations'],
  flow: ['request', 'network', 'stations'],
  sources: ['request', 'flow'],
  meters: ['request', 'network', 'stations', 'data'],
  elasticity: ['request', 'stations'],
  faults: ['request', 'network', 'stations', 'flow', 'meters'],
  recovery: ['request', 'balancers', 'network', 'stations', 'data', 'meters'],
};

/** Layer → the src/ layers it must not import. */
const layerForbidden = {
  io: ['engine', 'rng', 'stats', 'traffic', 'scenario', 'model', 'run', 'compare', 'report', 'cli'],
  rng: ['io', 'engine', 'stats', 'traffic', 'scenario', 'model', 'run', 'compare', 'report', 'cli'],
  stats: ['engine', 'rng', 'traffic', 'scenario', 'model', 'run', 'compare', 'report', 'cli'],
  engine: ['stats', 'traffic', 'scenario', 'model', 'run', 'compare', 'report', 'cli'],
  traffic: ['engine', 'scenario', 'model', 'run', 'compare', 'report', 'cli'],
  scenario: ['engine', 'model', 'run', 'compare', 'report', 'cli'],
  model: ['run', 'compare', 'report', 'cli'],
  run: ['compare', 'report', 'cli'],
  // compare (simulate compare, sweep, plan): figures of runs, compared; it runs nothing itself (the pool is in run/).
  compare: ['engine', 'model', 'report', 'cli'],
  report: ['engine', 'model', 'cli'],
};

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import circles anywhere in src/: break them with a small interface the caller owns (see stations/data-role.ts).',
      from: { path: '^src/' },
      to: { circular: true },
    },
    ...Object.entries(layerForbidden).map(([layer, forbidden]) => ({
      name: `layer-${layer}`,
      severity: 'error',
      comment: `src/${layer}/ sits below ${forbidden.map((f) => `src/${f}/`).join(', ')} and imports none of them.`,
      from: { path: `^src/${layer}/` },
      to: { path: `^src/(${forbidden.join('|')})/` },
    })),
    ...Object.entries(modelAllowed).map(([folder, allowed]) => {
      const forbidden = modelFolders.filter((f) => f !== folder && !allowed.includes(f));
      return {
        name: `model-${folder}`,
        severity: 'error',
        comment: `src/model/${folder}/ may import from ${allowed.length ? allowed.map((a) => `model/${a}/`).join(', ') : 'no other model folder'}.`,
        from: { path: inModel(folder) },
        to: { path: `^src/model/(${forbidden.join('|')})/` },
      };
    }),
    {
      name: 'model-assembly-on-top',
      severity: 'error',
      comment: 'Only src/run/ (and tests) build the whole model: no model folder imports src/model/build.ts.',
      from: { path: '^src/model/[^/]+/' },
      to: { path: '^src/model/build\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
