import packageJson from "@/package.json";

/** Luodi's release version, from package.json; shown in health checks and on ServiceInstance rows. */
export const LUODI_VERSION: string = packageJson.version;
