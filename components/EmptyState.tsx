import type { ReactNode } from "react";
import { cn } from "./ui/cn";

export type EmptyStateProps = {
  /** A decorative icon, e.g. a lucide icon with className "size-6". */
  icon?: ReactNode;
  title: ReactNode;
  /** One to three sentences: the content that will appear here and the user's next step. */
  description: ReactNode;
  /** A small label above the title, e.g. "Coming soon". */
  badge?: ReactNode;
  /** Buttons or links for the next step. */
  actions?: ReactNode;
  className?: string;
};

/** The body of a page or panel that has nothing to show yet, saying why and what to do. */
export function EmptyState({ icon, title, description, badge, actions, className }: EmptyStateProps) {
  return (
    <div className={cn("flex flex-col items-center px-6 py-14 text-center", className)}>
      {icon && (
        <div aria-hidden className="mb-4 grid size-12 place-items-center rounded-full bg-brand-50 text-brand-600">
          {icon}
        </div>
      )}
      {badge && <div className="mb-2">{badge}</div>}
      <h2 className="text-base font-semibold text-fg">{title}</h2>
      <div className="mt-2 max-w-xl text-sm leading-relaxed text-muted">{description}</div>
      {actions && <div className="mt-6 flex flex-wrap justify-center gap-2">{actions}</div>}
    </div>
  );
}
