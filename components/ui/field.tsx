import type { InputHTMLAttributes } from 'react';
import { forwardRef } from 'react';

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  name: string;
  error?: string;
  hint?: string;
  required?: boolean;
}

/** A labelled input whose message is tied to it (aria-describedby), for every form. */
export const Field = forwardRef<HTMLInputElement, FieldProps>(function Field(
  { label, name, error, hint, required, id, className, ...input },
  ref,
) {
  const inputId = id ?? `field-${name}`;
  const describedBy = [hint ? `${inputId}-hint` : null, error ? `${inputId}-error` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={className}>
      <label htmlFor={inputId} className="block font-semibold text-slate-800">
        {label}
        {required && (
          <span aria-hidden className="ml-0.5 text-red-700">
            *
          </span>
        )}
      </label>
      <input
        ref={ref}
        id={inputId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        aria-required={required || undefined}
        className={`mt-1 block min-h-11 w-full rounded-md border bg-white px-3 text-base shadow-sm focus:border-harbor-600 ${
          error ? 'border-red-700' : 'border-slate-400'
        }`}
        {...input}
      />
      {hint && (
        <p id={`${inputId}-hint`} className="mt-1 text-sm text-slate-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${inputId}-error`} className="mt-1 text-sm font-medium text-red-700">
          {error}
        </p>
      )}
    </div>
  );
});

/** A button's look, for a <button> and for what acts as one (a link, a <details> summary). */
export function buttonClass(variant: 'primary' | 'secondary' = 'primary', extra = '') {
  const look =
    variant === 'primary'
      ? 'bg-harbor-700 text-white hover:bg-harbor-800 disabled:bg-slate-400'
      : 'border border-harbor-700 bg-white text-harbor-800 hover:bg-harbor-50 disabled:text-slate-400';
  return `inline-flex min-h-11 items-center justify-center rounded-md px-5 font-semibold disabled:cursor-not-allowed ${look} ${extra}`;
}

export function Button({
  variant = 'primary',
  className = '',
  ...props
}: React.ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'primary' | 'secondary' }) {
  return <button className={buttonClass(variant, className)} {...props} />;
}
