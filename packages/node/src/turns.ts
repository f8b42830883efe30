/**
 * Turns: fairness between handshakes in one process. Handshake steps do synchronous crypto (key
 * shares, ECDH, chain and CertificateVerify signatures); when many connections' bytes arrive in the
 * same poll phase, running their steps back to back starves timers (deadlines fire late) and
 * everything else. A step first waits for its turn: one turn is granted per event-loop iteration
 * (each grant schedules the next with `setImmediate` from inside the check phase, which Node runs
 * on the following iteration), so timers, I/O and other connections run between any two steps.
 */

const waiting: Array<() => void> = [];
let granting = false;

function grant(): void {
  const next = waiting.shift();
  if (waiting.length > 0) setImmediate(grant);
  else granting = false;
  next?.();
}

/**
 * Resolves when it is this caller's turn to do one step of synchronous work: at most one turn
 * per event-loop iteration, first come first served.
 *
 * @example
 * await takeTurn();
 * client.handshake();
 */
export function takeTurn(): Promise<void> {
  return new Promise<void>((resolve) => {
    waiting.push(resolve);
    if (!granting) {
      granting = true;
      setImmediate(grant);
    }
  });
}
