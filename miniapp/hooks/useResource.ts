import { useCallback, useEffect, useRef, useState } from 'react';
import { userMessageOf } from '../services/errors';

export type ResourceState<T> =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; data: T };

/** Loads a view model from a service and tracks loading / error / ready; `reload` retries. */
export function useResource<T>(load: () => Promise<T>): { state: ResourceState<T>; reload: () => void } {
  const [state, setState] = useState<ResourceState<T>>({ status: 'loading' });
  const loadRef = useRef(load);
  loadRef.current = load;
  const generation = useRef(0);

  const reload = useCallback(() => {
    const current = ++generation.current;
    setState({ status: 'loading' });
    loadRef
      .current()
      .then((data) => {
        if (current === generation.current) setState({ status: 'ready', data });
      })
      .catch((error: unknown) => {
        if (current === generation.current) setState({ status: 'error', message: userMessageOf(error) });
      });
  }, []);

  useEffect(() => {
    reload();
  }, [reload]);

  return { state, reload };
}
