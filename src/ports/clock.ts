import type { ServiceIdentifier } from 'inversify';

/** The current time, injectable so that tests and recordings are repeatable. */
export interface Clock {
  now(): Date;
}

export const ClockId: ServiceIdentifier<Clock> = Symbol.for('Clock');
