/** The current time; a port so tests can fix it. */
export interface Clock {
  /** The current instant; every timestamp the use-cases store comes from here. */
  now(): Date;
}
