/** The current time; a port so tests can fix it. */
export interface Clock {
  now(): Date;
}
