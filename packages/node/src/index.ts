/**
 * @puretls/node: drive the puretls engine over Node sockets.
 *
 * @example
 * import { Pump, waitForActivity } from '@puretls/node';
 */
export { Pump, type PumpEvent, type PumpOptions } from './pump.js';
export { waitForActivity, WaitError, type WaitOptions } from './wait.js';
