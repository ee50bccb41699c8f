import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

/** How to start `python -m luodi_runtime`: the interpreter, the folder for PYTHONPATH and the process settings. */
export type RuntimeLaunchSettings = {
  python: string;
  trainerDir: string;
  threads: number;
  device: string;
};

// Variables the runtime may need from the parent. Everything else (database URL, encryption key, auth
// secret) stays out of the Python process.
const PASSED_VARIABLES = ["PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "XDG_CACHE_HOME", "HF_HOME", "CUDA_VISIBLE_DEVICES", "LD_LIBRARY_PATH"];

/**
 * Reads the launch settings from the environment. LUODI_PYTHON_ENV is exported by ./luodi
 * (scripts/python-env.sh); the trainer folder is found from the working folder, which the launcher sets
 * to the repository root.
 */
export function readLaunchSettings(source: { pythonEnv?: string; threads?: number; device?: string; cwd?: string } = {}): RuntimeLaunchSettings {
  const config = env();
  const pythonEnv = source.pythonEnv ?? config.LUODI_PYTHON_ENV;
  if (!pythonEnv) {
    throw new AppError("INTERNAL", "LUODI_PYTHON_ENV is not set, so the local model runtime cannot start; start Luodi with ./luodi, which prepares the Python environment", {
      reason: "runtime.python_env_missing",
    });
  }

  const python = path.join(pythonEnv, "bin", "python");
  if (!existsSync(python)) {
    throw new AppError("INTERNAL", `The Python environment ${pythonEnv} has no bin/python; run ./luodi again to rebuild it`, {
      reason: "runtime.python_env_missing",
    });
  }

  const trainerDir = path.resolve(source.cwd ?? process.cwd(), "trainer");
  if (!existsSync(path.join(trainerDir, "luodi_runtime", "__main__.py"))) {
    throw new AppError("INTERNAL", `The runtime package was not found in ${trainerDir}; start Luodi from the repository root`, {
      reason: "runtime.package_missing",
    });
  }

  return {
    python,
    trainerDir,
    threads: source.threads ?? config.LUODI_RUNTIME_THREADS ?? defaultThreads(),
    device: source.device ?? config.LUODI_RUNTIME_DEVICE,
  };
}

/** Half the CPU cores, at least one, leaving the rest to the web console, gateway and worker. */
export function defaultThreads(): number {
  return Math.max(1, Math.floor(os.availableParallelism() / 2));
}

/** Builds the runtime's environment: a few passed-through variables, offline Hugging Face and thread limits. */
export function runtimeEnvironment(settings: RuntimeLaunchSettings): Record<string, string> {
  const passed: Record<string, string> = {};
  for (const name of PASSED_VARIABLES) {
    const value = process.env[name];
    if (value !== undefined) passed[name] = value;
  }
  return {
    ...passed,
    PYTHONPATH: settings.trainerDir,
    PYTHONUNBUFFERED: "1",
    // Models come from local folders only; nothing may be downloaded.
    HF_HUB_OFFLINE: "1",
    TRANSFORMERS_OFFLINE: "1",
    HF_HUB_DISABLE_TELEMETRY: "1",
    // OpenMP and the tokenizers library would otherwise start one thread per core on top of torch's.
    OMP_NUM_THREADS: String(settings.threads),
    TOKENIZERS_PARALLELISM: "false",
  };
}
