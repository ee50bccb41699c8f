"use client";

import { Globe } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { useSearchParams } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { setLocale } from "@/app/[locale]/(console)/locale-actions";
import { cn } from "@/components/ui/cn";
import { usePathname, useRouter } from "@/i18n/navigation";
import { isLocale, locales, type Locale } from "@/i18n/routing";

export type LocaleSwitcherProps = {
  /** Also save the choice to the signed-in user's profile, so it follows them to other browsers. */
  persist: boolean;
  className?: string;
};

/**
 * Switches the interface language: saves it for the user (when signed in), then opens the same page
 * under the other locale prefix. next-intl's router writes the NEXT_LOCALE cookie on the way.
 */
export function LocaleSwitcher({ persist, className }: LocaleSwitcherProps) {
  const t = useTranslations("locale");
  const tErrors = useTranslations("errors");
  const current = useLocale();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const router = useRouter();
  const id = useId();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  function switchTo(next: Locale) {
    setError(null);
    startTransition(async () => {
      if (persist) {
        const result = await setLocale({ locale: next });
        // A lost session still switches; the next page sends the user to sign in.
        if (!result.ok && result.error.code !== "UNAUTHENTICATED") {
          setError(t("saveFailed", { reason: tErrors(result.error.code) }));
          return;
        }
      }
      const query = searchParams.toString();
      router.replace(query ? `${pathname}?${query}` : pathname, { locale: next });
    });
  }

  return (
    <div className={cn("relative", className)}>
      <label htmlFor={id} className="sr-only">
        {t("label")}
      </label>
      <Globe aria-hidden className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted" />
      <select
        id={id}
        value={current}
        disabled={pending}
        aria-busy={pending || undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => {
          if (isLocale(event.target.value)) switchTo(event.target.value);
        }}
        className="h-8 cursor-pointer appearance-none rounded-md border border-border bg-surface pr-3 pl-8 text-sm text-fg hover:bg-subtle focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-500 disabled:opacity-60"
      >
        {locales.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {t(`names.${locale}`)}
          </option>
        ))}
      </select>
      {pending && <span className="sr-only" role="status">{t("switching")}</span>}
      {error && (
        <p id={`${id}-error`} role="alert" className="absolute top-full right-0 z-50 mt-2 w-64 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-xs text-red-800 shadow-md">
          {error}
        </p>
      )}
    </div>
  );
}
