import type { Metadata } from "next";
import { loadMessages } from "@/i18n/messages";
import { routing, type Locale } from "@/i18n/routing";
import "./globals.css";

export const metadata: Metadata = { title: "404" };

type NotFoundText = { title: string; body: string; home: string };

function notFoundText(locale: Locale): NotFoundText {
  const common = loadMessages(locale).common as { notFound: NotFoundText };
  return common.notFound;
}

/**
 * The 404 page for addresses outside every locale (the proxy adds a locale to page paths, so this shows
 * for paths it skips, such as unknown /api routes). No locale is known here, so it shows both languages.
 */
export default function GlobalNotFound() {
  return (
    <html lang={routing.defaultLocale}>
      <body className="grid min-h-dvh place-items-center bg-canvas p-6">
        <main className="w-full max-w-md space-y-6 rounded-lg border border-border bg-surface p-8 shadow-xs">
          <p className="text-sm font-semibold text-brand-600">404</p>
          {routing.locales.map((locale) => {
            const text = notFoundText(locale);
            return (
              <section key={locale} lang={locale} className="space-y-2">
                <h1 className="text-lg font-semibold">{text.title}</h1>
                <p className="text-sm text-muted">{text.body}</p>
                <a href={`/${locale}`} className="inline-block text-sm font-medium text-brand-600 hover:underline">
                  {text.home}
                </a>
              </section>
            );
          })}
        </main>
      </body>
    </html>
  );
}
