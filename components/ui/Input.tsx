import type { InputHTMLAttributes, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import { cn } from "./cn";

const controlClasses = cn(
  "block w-full rounded-md border border-border bg-surface px-3 text-sm text-fg shadow-xs transition-colors",
  "placeholder:text-muted focus-visible:border-brand-500 focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-brand-500/30",
  "disabled:cursor-not-allowed disabled:bg-subtle disabled:text-muted",
  "aria-invalid:border-red-500 aria-invalid:focus-visible:outline-red-500/30",
);

export type InputProps = InputHTMLAttributes<HTMLInputElement> & {
  /** Marks the value as rejected (red border, aria-invalid). FormField sets it when it shows an error. */
  invalid?: boolean;
};

/** A text-like input. Give it an `id` and a label, usually through FormField. */
export function Input({ invalid, className, ...rest }: InputProps) {
  return <input aria-invalid={invalid || rest["aria-invalid"] || undefined} className={cn(controlClasses, "h-9", className)} {...rest} />;
}

export type TextareaProps = TextareaHTMLAttributes<HTMLTextAreaElement> & { invalid?: boolean };

export function Textarea({ invalid, className, rows = 4, ...rest }: TextareaProps) {
  return <textarea rows={rows} aria-invalid={invalid || rest["aria-invalid"] || undefined} className={cn(controlClasses, "py-2", className)} {...rest} />;
}

export type SelectOption = { value: string; label: string; disabled?: boolean };

export type SelectProps = SelectHTMLAttributes<HTMLSelectElement> & {
  invalid?: boolean;
  /** Options to render; pass `children` instead for option groups. */
  options?: SelectOption[];
  /** Text of an empty first option with value "", for "choose one" prompts. */
  placeholder?: string;
};

/** A native select, styled like Input. */
export function Select({ invalid, className, options, placeholder, children, ...rest }: SelectProps) {
  return (
    <select aria-invalid={invalid || rest["aria-invalid"] || undefined} className={cn(controlClasses, "h-9 pr-8", className)} {...rest}>
      {placeholder !== undefined && <option value="">{placeholder}</option>}
      {options?.map((option) => (
        <option key={option.value} value={option.value} disabled={option.disabled}>
          {option.label}
        </option>
      ))}
      {children}
    </select>
  );
}
