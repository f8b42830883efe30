/**
 * Turns: fairness between handshakes in one process. Handshake steps do synchronous crypto (key
 * shares, ECDH, chain and CertificateVerify signatures); when many connections' bytes arrive in the
 * same poll phase, running their steps back to back starves timers (deadlines fire late) and
 * everything else. A step first waits for its turn: one turn is granted per event-loop iteration
 * (each grant schedules the next with `setImmediate` from inside the check phase, which Node runs
 * on the following iteration), so timers, I/O and other connections run between any two steps;
 * the oldest connection waiting goes first.
 */

/** A caller waiting for its turn, with its rank (lower goes first). */
interface Waiter { rank: number; resolve: () => void }

const waiting: Waiter[] = [];
let granting = false;
let nextRank = 0;

/** The waiter with the lowest rank, removed from the queue (a linear scan: waiters are connections). */
function takeFirst(): Waiter | undefined {
  let best = 0;
  for (let i = 1; i < waiting.length; i++) if (waiting[i]!.rank < waiting[best]!.rank) best = i;
  return waiting.splice(best, 1)[0];
}

function grant(): void {
  const next = takeFirst();
  if (waiting.length > 0) setImmediate(grant);
  else granting = false;
  next?.resolve();
}

/**
 * A rank for a new connection: the order in which connections started. Serving the oldest
 * connection first means that under overload the earliest ones finish and the latest ones meet
 * their deadlines, instead of every connection advancing a little and none finishing in time.
 *
 * @example
 * const rank = newRank(); await takeTurn(rank);
 */
export function newRank(): number {
  return nextRank++;
}

/**
 * Resolves when it is this caller's turn to do one step of synchronous work: at most one turn
 * per event-loop iteration, the lowest rank first.
 *
 * @example
 * await takeTurn(rank);
 * client.handshake();
 */
export function takeTurn(rank: number): Promise<void> {
  return new Promise<void>((resolve) => {
    waiting.push({ rank, resolve });
    if (!granting) {
      granting = true;
      setImmediate(grant);
    }
  });
}
