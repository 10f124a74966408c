import { useRef, useState } from 'react';
import { formProblemOf, newClientRequestId, type FieldErrors } from '../services/staffForms';
import { scrollToFirstError } from './scrollToFirstError';

export interface StaffForm<Result> {
  /** Field key → message under that field. */
  errors: FieldErrors;
  /** The message above the submit button. */
  formError: string | null;
  busy: boolean;
  /** What the service answered once the form was saved. */
  result: Result | null;
  /**
   * The client's own check: marks the fields, sums them up above the button and scrolls to the
   * first. True when there is nothing to fix. `summary` replaces the default sum-up line.
   */
  accept: (problems: FieldErrors, summary?: string | null) => boolean;
  /** Sends with the form's request id (kept until `reset`, so a retry is never saved twice). */
  submit: (send: (clientRequestId: string) => Promise<Result>) => void;
  /** The service's refusal, shown next to the fields it names. */
  fail: (cause: unknown) => void;
  /** Typing in a field clears its mark. */
  clearError: (key: string) => void;
  /** A new, empty form (another entry for the same resident). */
  reset: () => void;
}

/**
 * The life of a staff form (随访, 签约, 筛查, 代办人, 积分规则): check → send once → either the saved
 * result, or the service's complaints next to their fields (`fieldOf` maps the service's paths to
 * the form's keys) with the first one scrolled into view.
 */
export function useStaffForm<Result>(fieldOf: (path: string) => string | null): StaffForm<Result> {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const requestId = useRef(newClientRequestId());

  const accept = (problems: FieldErrors, summary?: string | null) => {
    const count = Object.values(problems).filter(Boolean).length;
    setErrors(problems);
    setFormError(count === 0 ? null : (summary ?? `还有 ${count} 处需要填写或修改，见标红的项目`));
    if (count > 0) scrollToFirstError();
    return count === 0;
  };

  const fail = (cause: unknown) => {
    const problem = formProblemOf(cause, fieldOf);
    setErrors(problem.fieldErrors);
    setFormError(problem.formError);
    scrollToFirstError();
  };

  const submit = (send: (clientRequestId: string) => Promise<Result>) => {
    setBusy(true);
    send(requestId.current)
      .then(setResult)
      .catch(fail)
      .finally(() => setBusy(false));
  };

  const clearError = (key: string) => {
    if (errors[key]) setErrors({ ...errors, [key]: '' });
  };

  const reset = () => {
    requestId.current = newClientRequestId();
    setErrors({});
    setFormError(null);
    setResult(null);
  };

  return { errors, formError, busy, result, accept, submit, fail, clearError, reset };
}
