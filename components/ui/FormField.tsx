import { cloneElement, isValidElement, type ReactElement, type ReactNode } from "react";
import { cn } from "./cn";

export type FormFieldProps = {
  /** Id of the control; the label points at it and the hint and error ids derive from it. */
  id: string;
  label: ReactNode;
  /** Help text under the control, e.g. the unit or the accepted format. */
  hint?: ReactNode;
  /** Translated error text; shown in red and announced, and marks the control invalid. */
  error?: ReactNode;
  required?: boolean;
  className?: string;
  /** One control (Input, Select, Textarea or a native element); FormField adds id, aria-describedby, aria-invalid and required. */
  children: ReactElement<Record<string, unknown>>;
};

/**
 * A labelled form control with optional hint and error text, wired up for screen readers. Works in
 * server and client components because it uses no hooks.
 */
export function FormField({ id, label, hint, error, required, className, children }: FormFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;

  const control = isValidElement(children)
    ? cloneElement(children, {
        id,
        "aria-describedby": describedBy,
        ...(error ? { "aria-invalid": true } : {}),
        ...(required ? { required: true } : {}),
      })
    : children;

  return (
    <div className={cn("space-y-1.5", className)}>
      <label htmlFor={id} className="block text-sm font-medium text-fg">
        {label}
        {required && (
          <span aria-hidden className="ml-0.5 text-red-600">
            *
          </span>
        )}
      </label>
      {control}
      {hint && (
        <p id={hintId} className="text-xs text-muted">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} role="alert" className="text-xs font-medium text-red-600">
          {error}
        </p>
      )}
    </div>
  );
}

/** Groups fields under a caption, e.g. "Connection" and "Limits" in one form. */
export function FieldSet({ legend, children, className }: { legend: ReactNode; children: ReactNode; className?: string }) {
  return (
    <fieldset className={cn("space-y-4", className)}>
      <legend className="mb-2 text-sm font-semibold text-fg">{legend}</legend>
      {children}
    </fieldset>
  );
}
