import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { BrandMark } from "./BrandMark";

/**
 * The frame for pages outside the console (sign-in, forbidden, 404, invitations): the logo, a centred
 * card and an optional slot at the top right for the language switcher.
 */
export async function StandalonePage({ children, topRight, wide = false }: { children: ReactNode; topRight?: ReactNode; wide?: boolean }) {
  const t = await getTranslations("common");
  return (
    <div className="flex min-h-dvh flex-col bg-canvas">
      <header className="flex h-16 items-center justify-between px-6">
        <BrandMark name={t("appName")} />
        {topRight}
      </header>
      <main className="flex flex-1 items-start justify-center px-4 pt-[8vh] pb-16">
        <div className={cn("w-full rounded-xl border border-border bg-surface p-8 shadow-sm", wide ? "max-w-lg" : "max-w-sm")}>{children}</div>
      </main>
      <footer className="pb-6 text-center text-xs text-muted">{t("appTagline")}</footer>
    </div>
  );
}
