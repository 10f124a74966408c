/** Pure: a value read from storage (an object, or its JSON text) back to a plain object, or null. */
export function parseStoredObject(value: unknown): Record<string, unknown> | null {
  let candidate = value;
  if (typeof candidate === 'string') {
    try {
      candidate = JSON.parse(candidate) as unknown;
    } catch {
      return null;
    }
  }
  return typeof candidate === 'object' && candidate !== null ? (candidate as Record<string, unknown>) : null;
}
