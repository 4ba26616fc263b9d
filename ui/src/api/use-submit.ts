// A form's or dialog's submit: busy while the work runs, its refusal kept in the form the caller shows (cleared when
// the next run starts). One home for what every submit handler of the UI did by hand.
import { useState } from 'react';

export interface Submit<E> {
  busy: boolean;
  error: E | undefined;
  setError: (error: E | undefined) => void;
  /** Runs `work`; a throw becomes `error` through `describe`. */
  run: (work: () => Promise<void>) => Promise<void>;
}

export function useSubmit<E>(describe: (err: unknown) => E): Submit<E> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<E | undefined>();
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (err) {
      setError(describe(err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}
