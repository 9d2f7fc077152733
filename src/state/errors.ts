/**
 * The shared state could not answer (Redis down, unreachable, too slow). A request that needs it
 * fails with this, at once or within the command timeout, never waiting for Redis to come back:
 * for a confirmation token that means "not run", which is the safe answer.
 */
export class StateUnavailableError extends Error {
  override name = 'StateUnavailableError';
}
