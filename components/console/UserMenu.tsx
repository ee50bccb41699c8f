"use client";

import { ChevronDown, LogOut, UserRound } from "lucide-react";
import { signOut } from "next-auth/react";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState } from "react";
import { Badge } from "@/components/ui/Badge";
import { Link } from "@/i18n/navigation";
import type { Role } from "@/lib/auth/roles";
import { clearSessionHint } from "./session-hint";

export type ConsoleUser = { name: string; email: string; role: Role };

/** The header's account button: who is signed in, with links to the profile and to sign out. */
export function UserMenu({ user }: { user: ConsoleUser }) {
  const t = useTranslations("nav");
  const tCommon = useTranslations("common");
  const locale = useLocale();
  const [open, setOpen] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  const containerRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!containerRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    document.addEventListener("pointerdown", onPointerDown);
    document.addEventListener("keydown", onKeyDown);
    return () => {
      document.removeEventListener("pointerdown", onPointerDown);
      document.removeEventListener("keydown", onKeyDown);
    };
  }, [open]);

  async function handleSignOut() {
    setSigningOut(true);
    // redirect: false, then a full page load: next-auth's own redirect would build the URL from
    // NEXTAUTH_URL, which a self-hosted install often leaves unset.
    await signOut({ redirect: false });
    clearSessionHint();
    window.location.assign(`/${locale}/sign-in?reason=signed-out`);
  }

  const initial = (user.name || user.email).trim().charAt(0).toUpperCase();

  return (
    <div ref={containerRef} className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={`${t("userMenu")}: ${user.name}`}
        onClick={() => setOpen((value) => !value)}
        className="flex h-9 items-center gap-2 rounded-md px-1.5 text-left hover:bg-subtle focus-visible:outline-2 focus-visible:outline-brand-500"
      >
        <span aria-hidden className="grid size-7 place-items-center rounded-full bg-brand-100 text-sm font-semibold text-brand-700">
          {initial}
        </span>
        <span className="hidden min-w-0 flex-col leading-tight sm:flex">
          <span className="max-w-40 truncate text-sm font-medium text-fg">{user.name}</span>
          <span className="text-xs text-muted">{tCommon(`roles.${user.role}`)}</span>
        </span>
        <ChevronDown aria-hidden className="size-4 text-muted" />
      </button>

      {open && (
        <div id={panelId} className="absolute right-0 z-40 mt-2 w-64 overflow-hidden rounded-lg border border-border bg-surface shadow-lg">
          <div className="space-y-1 border-b border-border px-4 py-3">
            <p className="text-xs text-muted">{t("signedInAs")}</p>
            <p className="truncate text-sm font-medium text-fg">{user.name}</p>
            <p className="truncate text-xs text-muted">{user.email}</p>
            <Badge tone="brand" className="mt-1">
              {tCommon(`roles.${user.role}`)}
            </Badge>
          </div>
          <div className="p-1">
            <Link
              href="/profile"
              onClick={() => setOpen(false)}
              className="flex items-center gap-2 rounded-md px-3 py-2 text-sm text-fg hover:bg-subtle focus-visible:outline-2 focus-visible:outline-brand-500"
            >
              <UserRound aria-hidden className="size-4 text-muted" />
              {t("profile")}
            </Link>
            <button
              type="button"
              onClick={handleSignOut}
              disabled={signingOut}
              className="flex w-full items-center gap-2 rounded-md px-3 py-2 text-left text-sm text-fg hover:bg-subtle focus-visible:outline-2 focus-visible:outline-brand-500 disabled:opacity-60"
            >
              <LogOut aria-hidden className="size-4 text-muted" />
              {signingOut ? t("signingOut") : t("signOut")}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
