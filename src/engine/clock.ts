/** The simulated clock [s]. One mutable number shared by the engine and every context. */
export class Clock {
  now = 0;
}
