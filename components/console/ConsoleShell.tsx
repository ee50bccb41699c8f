"use client";

import { Menu, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { Suspense, useEffect, useState, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { Link, usePathname } from "@/i18n/navigation";
import { BrandMark } from "./BrandMark";
import { LocaleSwitcher } from "./LocaleSwitcher";
import { navGroups, navItems, type NavKey } from "./nav-items";
import { UserMenu, type ConsoleUser } from "./UserMenu";

export type ConsoleShellProps = {
  user: ConsoleUser;
  /** Areas the user's role may open; the server computes them with visibleNavKeys. */
  navKeys: NavKey[];
  /** Shown above every page, for notices such as a temporary password. */
  banner?: ReactNode;
  children: ReactNode;
};

/** The signed-in frame: sidebar navigation (a drawer on narrow screens), header and main content. */
export function ConsoleShell({ user, navKeys, banner, children }: ConsoleShellProps) {
  const t = useTranslations("nav");
  const tCommon = useTranslations("common");
  const pathname = usePathname();
  const [drawerOpen, setDrawerOpen] = useState(false);

  useEffect(() => setDrawerOpen(false), [pathname]);

  useEffect(() => {
    if (!drawerOpen) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === "Escape") setDrawerOpen(false);
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [drawerOpen]);

  return (
    <div className="min-h-dvh lg:pl-60">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-surface px-3 py-2 text-sm font-medium focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:shadow-md"
      >
        {tCommon("skipToContent")}
      </a>

      {drawerOpen && <div aria-hidden className="fixed inset-0 z-30 bg-black/30 lg:hidden" onClick={() => setDrawerOpen(false)} />}

      <aside
        id="console-sidebar"
        className={cn(
          "fixed inset-y-0 left-0 z-40 flex w-60 flex-col border-r border-border bg-surface transition-transform lg:translate-x-0",
          // Invisible while closed on narrow screens, so keyboard focus cannot reach links off-screen.
          drawerOpen ? "translate-x-0 shadow-xl" : "invisible -translate-x-full lg:visible",
        )}
      >
        <div className="flex h-14 shrink-0 items-center justify-between border-b border-border px-4">
          <Link href="/" className="rounded-md focus-visible:outline-2 focus-visible:outline-brand-500">
            <BrandMark name={tCommon("appName")} />
          </Link>
          <button
            type="button"
            onClick={() => setDrawerOpen(false)}
            aria-label={t("closeMenu")}
            className="rounded-md p-1.5 text-muted hover:bg-subtle lg:hidden"
          >
            <X aria-hidden className="size-5" />
          </button>
        </div>
        <SidebarNav navKeys={navKeys} pathname={pathname} label={t("label")} />
      </aside>

      <div className="flex min-h-dvh flex-col">
        <header className="sticky top-0 z-20 flex h-14 shrink-0 items-center gap-3 border-b border-border bg-surface/90 px-4 backdrop-blur lg:px-8">
          <button
            type="button"
            onClick={() => setDrawerOpen(true)}
            aria-label={t("openMenu")}
            aria-expanded={drawerOpen}
            aria-controls="console-sidebar"
            className="-ml-1.5 rounded-md p-1.5 text-muted hover:bg-subtle lg:hidden"
          >
            <Menu aria-hidden className="size-5" />
          </button>
          <div className="flex-1" />
          {/* useSearchParams inside needs a Suspense boundary so pages can still stream. */}
          <Suspense fallback={<div className="h-8 w-28" />}>
            <LocaleSwitcher persist />
          </Suspense>
          <UserMenu user={user} />
        </header>

        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 lg:px-8 lg:py-8">
          {banner && <div className="mb-6">{banner}</div>}
          {children}
        </main>
      </div>
    </div>
  );
}

function SidebarNav({ navKeys, pathname, label }: { navKeys: NavKey[]; pathname: string; label: string }) {
  const t = useTranslations("nav");
  const visible = navItems.filter((item) => navKeys.includes(item.key));
  const ungrouped = visible.filter((item) => item.group === null);

  const isActive = (href: string) => (href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`));

  const renderItem = (item: (typeof navItems)[number]) => {
    const active = isActive(item.href);
    const Icon = item.icon;
    return (
      <li key={item.key}>
        <Link
          href={item.href}
          aria-current={active ? "page" : undefined}
          className={cn(
            "flex items-center gap-2.5 rounded-md px-2.5 py-1.5 text-sm transition-colors focus-visible:outline-2 focus-visible:outline-brand-500",
            active ? "bg-brand-50 font-medium text-brand-700" : "text-fg/80 hover:bg-subtle hover:text-fg",
          )}
        >
          <Icon aria-hidden className={cn("size-4 shrink-0", active ? "text-brand-600" : "text-muted")} />
          {t(item.key)}
        </Link>
      </li>
    );
  };

  return (
    <nav aria-label={label} className="flex-1 overflow-y-auto px-3 py-4">
      <ul className="space-y-0.5">{ungrouped.map(renderItem)}</ul>
      {navGroups.map((group) => {
        const items = visible.filter((item) => item.group === group);
        if (items.length === 0) return null;
        const headingId = `nav-group-${group}`;
        return (
          <div key={group} className="mt-5">
            <p id={headingId} className="mb-1 px-2.5 text-xs font-medium tracking-wide text-muted">
              {t(`groups.${group}`)}
            </p>
            <ul aria-labelledby={headingId} className="space-y-0.5">
              {items.map(renderItem)}
            </ul>
          </div>
        );
      })}
    </nav>
  );
}
