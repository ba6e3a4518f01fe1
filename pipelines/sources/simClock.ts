// Product time: wall time, optionally accelerated so the simulator can replay hours in minutes.
export interface Clock { now(): number }

export class SimClock implements Clock {
  private readonly wallStart = Date.now();
  /** `speed` is simulated ms per wall ms; the clock starts at `startMs`. */
  constructor(private readonly startMs: number, readonly speed = 1) {
    if (!(speed > 0)) throw new Error(`simulation speed must be > 0, got ${speed}`);
  }
  now(): number { return Math.floor(this.startMs + (Date.now() - this.wallStart) * this.speed); }
}
