import "dotenv/config";
import { defineConfig } from "prisma/config";

// Prisma 7 reads the connection from here, not from schema.prisma. The launcher sets DATABASE_URL
// to the embedded database's socket when no external database is configured.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5433/postgres" },
});
