/** Assembly of the request path: the request table, the outcomes, the links between sites and the flow that moves requests along. */
import type { Simulation } from '../../engine/simulation.js';
import type { ResolvedScenario } from '../../scenario/resolved.js';
import { Link, LinkTable } from '../network/link.js';
import { Outcomes } from '../request/outcomes.js';
import { RequestTable } from '../request/request-table.js';
import { RequestFlow } from './request-flow.js';
import { addFlowExtras } from './build-flow-extras.js';

export interface RequestPath {
  requests: RequestTable;
  outcomes: Outcomes;
  links: Link[];
  linkTable: LinkTable;
  /** Mean one-way latency between two sites [s] (0 within a site or without a link). */
  oneWaySeconds: (a: number, b: number) => number;
  flow: RequestFlow;
}

export function buildRequestPath(sim: Simulation, scenario: ResolvedScenario): RequestPath {
  const requests = new RequestTable(1024, scenario.run.maxRequestsInSystem);
  // Per-site outcomes only when requests can enter in more than one site (a
  // histogram record per request saved otherwise).
  const entrySites = new Set(scenario.classes.flatMap((c) => (c.path.length > 0 ? scenario.tiers[c.path[0]!]!.servers.map((s) => s.siteIndex) : [])));
  const outcomes = new Outcomes(scenario.classes.length, scenario.run.warmupSeconds, entrySites.size > 1 ? scenario.sites.length : 1);
  const links = scenario.links.map((l) => new Link(l.siteA, l.siteB, l.latency, l.bandwidthBps, l));
  const linkTable = new LinkTable(scenario.sites.length, links);
  const oneWaySeconds = (a: number, b: number): number => (a === b ? 0 : (linkTable.between(a, b)?.meanLatencySeconds ?? 0));
  // Stream names use "#", which no component name can contain: no collision with a server's stream.
  const flow = sim.add(
    'flow',
    (ctx) =>
      new RequestFlow(
        ctx,
        requests,
        outcomes,
        scenario.classes.map((c) => Int32Array.from(c.path)),
        Float64Array.from(scenario.classes, (c) => c.requestBytes),
        Float64Array.from(scenario.classes, (c) => c.responseBytes),
        linkTable,
        sim.stream('flow#links'),
        {
          timeoutSeconds: Float64Array.from(scenario.classes, (c) => c.timeoutSeconds),
          retries: Int32Array.from(scenario.classes, (c) => c.retries),
          retryAfterSeconds: Float64Array.from(scenario.classes, (c) => c.retryAfterSeconds),
        },
      ),
  );
  addFlowExtras(sim, scenario, requests, flow);
  return { requests, outcomes, links, linkTable, oneWaySeconds, flow };
}
