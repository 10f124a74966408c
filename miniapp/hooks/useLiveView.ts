import { useCallback, useEffect, useState } from 'react';
import { userMessageOf } from '../services/errors';

/**
 * A view that is loaded once and then refreshed (by usePolling, after an action): unlike
 * useResource, a failed refresh keeps the last view on screen and only reports `loadError`.
 * `setView` takes a view an action already returned, saving a round trip.
 */
export function useLiveView<T>(load: (id: string) => Promise<T>, id: string): { view: T | null; setView: (view: T) => void; loadError: string | null; refresh: () => Promise<void> } {
  const [view, setView] = useState<T | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      setView(await load(id));
      setLoadError(null);
    } catch (cause) {
      setLoadError(userMessageOf(cause));
    }
  }, [load, id]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return { view, setView, loadError, refresh };
}
