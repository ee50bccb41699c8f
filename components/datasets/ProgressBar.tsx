import { cn } from "@/components/ui/cn";

export type ProgressBarProps = {
  /** Fraction done, 0 to 1; null shows a moving bar for work whose size is not known yet. */
  value: number | null;
  /** Accessible name, such as "Upload progress". */
  label: string;
  /** Visible text under the bar, such as "1.2 MB of 4 MB (30%)"; also read as aria-valuetext. */
  detail?: string;
  className?: string;
};

/** Renders a horizontal progress bar with the ARIA progressbar role, for uploads, imports and dataset tasks. */
export function ProgressBar({ value, label, detail, className }: ProgressBarProps) {
  const percent = value === null ? null : Math.round(Math.min(1, Math.max(0, value)) * 100);

  return (
    <div className={cn("space-y-1.5", className)}>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={detail}
        className="h-2 w-full overflow-hidden rounded-full bg-subtle ring-1 ring-border ring-inset"
      >
        {percent === null ? (
          <div className="h-full w-1/3 animate-pulse rounded-full bg-brand-500" />
        ) : (
          <div className="h-full rounded-full bg-brand-600 transition-[width] duration-300" style={{ width: `${percent}%` }} />
        )}
      </div>
      {detail && <p className="text-xs text-muted tabular-nums">{detail}</p>}
    </div>
  );
}
