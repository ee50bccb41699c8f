import { z } from "zod";

const port = (fallback: number) =>
  z.coerce
    .number({ error: "must be a port number" })
    .int("must be a whole number")
    .min(1, "must be between 1 and 65535")
    .max(65535, "must be between 1 and 65535")
    .default(fallback);

const postgresUrl = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\//.test(value), "must start with postgres:// or postgresql://");

/**
 * Every environment variable Luodi reads. Parsed once at boot by each process; `.env.example`
 * documents the same names.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),

  // External PostgreSQL 15+ with pgvector. Unset: the launcher serves the embedded PGlite database.
  DATABASE_URL: postgresUrl.optional(),

  // Folder for the embedded database, generated secrets and local object storage.
  LUODI_DATA_DIR: z.string().min(1).default(".luodi"),

  // Address the web console, gateway and embedded database listen on.
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: port(3000),
  GATEWAY_PORT: port(4000),
  // Loopback port of the embedded database socket; only used without DATABASE_URL.
  EMBEDDED_DB_PORT: port(5433),
  // Set by the launcher for the processes it starts: "embedded" when it serves the PGlite database
  // itself, "external" when DATABASE_URL was given. Shown on the system page.
  LUODI_DATABASE_MODE: z.enum(["embedded", "external"]).optional(),

  // Public URL of the console, used in links such as invitations. Defaults to http://HOST:PORT.
  LUODI_PUBLIC_URL: z.url({ error: "must be an absolute URL such as https://luodi.example.com" }).optional(),

  // Reverse proxies in front of the console that append the client to X-Forwarded-For. 0: the client
  // address is the TCP peer and client-sent X-Forwarded-For headers are ignored.
  LUODI_TRUSTED_PROXY_HOPS: z.coerce.number().int("must be a whole number").min(0, "must be 0 or more").max(10, "must be 10 or less").default(0),

  // Signs session cookies. Generated into the data folder on first start when unset.
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),

  // Key for encrypting stored secrets such as provider API keys: 32 bytes, base64. Generated into the
  // data folder on first start when unset; losing it makes those stored secrets unreadable.
  LUODI_ENCRYPTION_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, "must be 32 bytes encoded as base64 (openssl rand -base64 32)")
    .optional(),

  // Initial admin, created on first start. A password is generated and printed once when unset.
  LUODI_ADMIN_EMAIL: z.email({ error: "must be an email address" }).default("admin@luodi.local"),
  LUODI_ADMIN_PASSWORD: z.string().min(12, "must be at least 12 characters").optional(),

  // Session lifetime in hours.
  SESSION_MAX_AGE_HOURS: z.coerce.number().positive("must be a positive number of hours").default(12),

  // Failed sign-ins allowed per account or client address within the window before a lock-out.
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  LOGIN_WINDOW_MINUTES: z.coerce.number().positive().default(15),
  LOGIN_LOCK_MINUTES: z.coerce.number().positive().default(15),

  // Jobs each worker process runs at once per queue.
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),

  // Fine-tuning jobs each worker process trains at once. Each job is one trainer process that uses the
  // whole GPU or many CPU cores, so the default is one.
  LUODI_FINETUNE_CONCURRENCY: z.coerce.number().int("must be a whole number").min(1, "must be at least 1").max(16, "must be 16 or less").default(1),

  // Python interpreter used to build the trainer's virtual environment.
  LUODI_PYTHON: z.string().min(1).default("python3"),
  // The trainer's virtual environment, prepared and exported by ./luodi (scripts/python-env.sh).
  LUODI_PYTHON_ENV: z.string().min(1).optional(),

  // Tests only: a migrations folder to apply instead of prisma/migrations.
  LUODI_MIGRATIONS_DIR: z.string().min(1).optional(),

  // Largest dataset upload accepted, in MiB. Uploads stream to disk, so this bounds disk, not memory.
  LUODI_MAX_UPLOAD_MB: z.coerce.number().int("must be a whole number").min(1, "must be at least 1").default(2048),

  // Largest image or audio file accepted by the media upload, in MiB. A multipart request may carry
  // several files, up to 4 times this limit in all, and is held in memory while it is checked.
  LUODI_MEDIA_MAX_MB: z.coerce.number().int("must be a whole number").min(1, "must be at least 1").max(1024, "must be 1024 or less").default(50),
  // Largest image accepted, in pixels (width x height), read from the file header before any decoding,
  // so a small file that declares a huge image (a decompression bomb) is rejected without allocating it.
  LUODI_MEDIA_MAX_PIXELS: z.coerce.number().int("must be a whole number").min(1, "must be at least 1").default(100_000_000),
  // Maximum audio duration accepted, in seconds.
  LUODI_MEDIA_MAX_AUDIO_SECONDS: z.coerce.number().positive("must be a positive number of seconds").default(3600),

  // Minutes a local model runtime may sit unused before Luodi stops it.
  LUODI_RUNTIME_IDLE_MINUTES: z.coerce.number().positive("must be a positive number of minutes").default(10),
  // PyTorch CPU threads of each local model runtime. Unset: half the CPU cores (at least 1), so the
  // web console, gateway and worker keep the rest.
  LUODI_RUNTIME_THREADS: z.coerce.number().int("must be a whole number").min(1, "must be at least 1").max(256, "must be 256 or less").optional(),
  // Device of the local model runtime: auto (a CUDA GPU when PyTorch sees one, else the CPU), cpu, cuda or cuda:N.
  LUODI_RUNTIME_DEVICE: z.string().regex(/^(auto|cpu|cuda(:\d+)?)$/, "must be auto, cpu, cuda or cuda:N").default("auto"),

  // Model hubs that base models are downloaded from. HF_ENDPOINT also accepts a mirror such as
  // https://hf-mirror.com; the tokens are sent as Bearer tokens to their own hub only.
  HF_ENDPOINT: z.url({ error: "must be an absolute URL such as https://huggingface.co" }).default("https://huggingface.co"),
  HF_TOKEN: z.string().min(1).optional(),
  MODELSCOPE_ENDPOINT: z.url({ error: "must be an absolute URL such as https://www.modelscope.cn" }).default("https://www.modelscope.cn"),
  MODELSCOPE_API_TOKEN: z.string().min(1).optional(),

  // Most samples a self-consistency prompt may ask for per row.
  LUODI_MAX_SAMPLES: z.coerce.number().int("must be a whole number").min(1, "must be at least 1").max(64, "must be 64 or less").default(10),

  // Gateway: how often each replica reloads keys, deployments and targets from the database.
  LUODI_GATEWAY_REFRESH_MS: z.coerce.number().int("must be a whole number").min(200, "must be at least 200").max(60_000, "must be 60000 or less").default(2000),
  // Largest request body the gateway accepts, in megabytes (images inline as data URLs count).
  LUODI_GATEWAY_MAX_BODY_MB: z.coerce.number().positive("must be a positive number of megabytes").max(100, "must be 100 or less").default(20),
  // Largest file the gateway accepts on POST /v1/files (fine-tuning JSONL), in megabytes.
  LUODI_GATEWAY_MAX_FILE_MB: z.coerce.number().positive("must be a positive number of megabytes").max(2048, "must be 2048 or less").default(100),
  // Largest `n` (choices per request) the gateway forwards.
  LUODI_GATEWAY_MAX_N: z.coerce.number().int("must be a whole number").min(1, "must be at least 1").max(128, "must be 128 or less").default(8),
  // Request-log entries the gateway holds in memory while the database is unreachable; the oldest are
  // dropped (and counted in /metrics) beyond this.
  LUODI_GATEWAY_LOG_BUFFER: z.coerce.number().int("must be a whole number").min(1000, "must be at least 1000").default(100_000),
  // How often the gateway writes its buffered request logs, in milliseconds. Shorter keeps the gateway's
  // heap younger (a lower latency tail) and the dashboards fresher, at more transactions per second.
  LUODI_GATEWAY_LOG_FLUSH_MS: z.coerce.number().int("must be a whole number").min(20, "must be at least 20").max(10_000, "must be 10000 or less").default(100),
  // Requests in flight per gateway process; beyond it the gateway answers 429 instead of slowing down.
  LUODI_GATEWAY_MAX_IN_FLIGHT: z.coerce.number().int("must be a whole number").min(1, "must be at least 1").default(2000),
  // Bytes of cached answers each gateway process keeps in memory, in megabytes.
  LUODI_GATEWAY_CACHE_MB: z.coerce.number().min(0, "must be 0 or more").default(64),
  // Exchange rate used to compare costs in one currency with a key's budget in the other.
  LUODI_USD_TO_CNY: z.coerce.number().positive("must be a positive number").default(7.1),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Env = z.infer<typeof envSchema>;
