// Labelled form fields: every input has a <label>, hints and errors are tied to it with aria-describedby.
import {
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useId,
} from 'react';

interface FieldShell {
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
  required?: boolean;
  className?: string;
}

function Shell({
  id,
  label,
  hint,
  error,
  required,
  className,
  children,
}: FieldShell & { id: string; children: ReactNode }) {
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id} className="field-label">
        {label}
        {required && (
          <span className="field-required" aria-hidden="true">
            *
          </span>
        )}
      </label>
      {children}
      {hint && !error && (
        <div id={`${id}-hint`} className="field-hint">
          {hint}
        </div>
      )}
      {error && (
        <div id={`${id}-error`} className="field-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

const describedBy = (id: string, hint: unknown, error: unknown) =>
  error ? `${id}-error` : hint ? `${id}-hint` : undefined;

/**
 * Splits a field's props into its shell (label, hint, error) and the rest for the control; `control` ties the
 * control to its label, hint and error. The rest comes after `control`, so a caller may still override it.
 */
function useField<P extends FieldShell & { id?: string }>(props: P) {
  const { label, hint, error, required, className, id, ...rest } = props;
  const auto = useId();
  const fid = id ?? auto;
  return {
    wrap: (control: ReactNode) => (
      <Shell id={fid} label={label} hint={hint} error={error} required={required} className={className}>
        {control}
      </Shell>
    ),
    control: {
      id: fid,
      required,
      'aria-invalid': !!error || undefined,
      'aria-describedby': describedBy(fid, hint, error),
    },
    rest,
  };
}

export function TextField(props: FieldShell & InputHTMLAttributes<HTMLInputElement>) {
  const { wrap, control, rest } = useField(props);
  return wrap(<input className="input" {...control} {...rest} />);
}

export function TextArea(props: FieldShell & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const { wrap, control, rest } = useField(props);
  return wrap(<textarea className="input textarea" {...control} {...rest} />);
}

export function SelectField({ children, ...props }: FieldShell & SelectHTMLAttributes<HTMLSelectElement>) {
  const { wrap, control, rest } = useField(props);
  return wrap(
    <select className="input select" {...control} {...rest}>
      {children}
    </select>,
  );
}
