/** Where the bot reads the time: injected, so tests can let 15 minutes pass at once. */
export interface Clock {
  /** milliseconds since the epoch */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
