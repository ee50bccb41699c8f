import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

const nextConfig: NextConfig = {
  // Native addons, sockets and worker threads that must load from node_modules at run time instead of
  // being bundled.
  serverExternalPackages: [
    "@node-rs/argon2",
    "pg",
    "@prisma/adapter-pg",
    "@electric-sql/pglite",
    "@electric-sql/pglite-pgvector",
    "@electric-sql/pglite-socket",
    "pino",
    "pg-boss",
  ],
  poweredByHeader: false,
  // app/global-not-found.tsx renders the 404 for paths outside every locale, because the root layout is
  // app/[locale]/layout.tsx.
  experimental: { globalNotFound: true },
};

export default withNextIntl(nextConfig);
