"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { SessionProvider } from "next-auth/react";
import { NextIntlClientProvider, type AbstractIntlMessages } from "next-intl";
import { useState, type ReactNode } from "react";

export type ProvidersProps = {
  locale: string;
  messages: AbstractIntlMessages;
  timeZone: string;
  children: ReactNode;
};

/**
 * Client-side context for every page: translations, the next-auth session and one react-query client
 * per browser tab.
 */
export function Providers({ locale, messages, timeZone, children }: ProvidersProps) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        // Server components render fresh data on navigation; 30 s keeps client caches from refetching
        // on every focus while still catching changes made in another tab.
        defaultOptions: { queries: { staleTime: 30_000, retry: 1 } },
      }),
  );

  return (
    <NextIntlClientProvider locale={locale} messages={messages} timeZone={timeZone}>
      {/* The server checks the session on every page; polling it from the browser adds nothing. */}
      <SessionProvider refetchOnWindowFocus={false}>
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
      </SessionProvider>
    </NextIntlClientProvider>
  );
}
