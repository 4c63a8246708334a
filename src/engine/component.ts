/**
 * What the engine knows of a model component: something that receives the
 * events it scheduled for itself. The engine never looks inside.
 *
 * `kind` and `arg` are the two integers the component passed to
 * `SimContext.schedule`; their meaning is the component's own (a component
 * typically keeps `const enum`-like constants for its kinds and uses `arg`
 * as a request id or a server index).
 *
 * The engine reads `handle` once, when the component is added
 * (`Simulation.add`): wrap it inside the build function, not afterwards.
 */
export interface Component {
  handle(kind: number, arg: number): void;
}
