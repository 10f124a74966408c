/**
 * Concurrent readers of the same thing share one read in flight: the first caller's `load` runs,
 * callers arriving before it settles get its result, the next caller after it starts a new one.
 * A joiner can therefore see what the database held up to one read's duration before it arrived,
 * exactly what it would have seen had it arrived that much earlier; callers that must observe a
 * write of their own process put what that write changes into the key.
 *
 * `scope` keeps readers of different databases (two services in one test process) apart.
 */
const inFlightByScope = new WeakMap<object, Map<string, Promise<unknown>>>();

export function sharedRead<T>(scope: object, key: string, load: () => Promise<T>): Promise<T> {
  let inFlight = inFlightByScope.get(scope);
  if (!inFlight) {
    inFlight = new Map();
    inFlightByScope.set(scope, inFlight);
  }
  const running = inFlight.get(key) as Promise<T> | undefined;
  if (running) return running;
  const map = inFlight;
  const started = load().finally(() => map.delete(key));
  map.set(key, started);
  return started;
}
