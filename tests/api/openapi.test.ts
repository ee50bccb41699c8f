import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { RouteHandler } from "@/lib/api/route";
import { v1Routes } from "@/lib/api/v1";
import { GET as getOpenApiDocument } from "@/app/api/v1/openapi.json/route";

const API_ROOT = path.resolve(__dirname, "../../app/api/v1");
const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

type Operation = { operationId: string; security?: unknown[]; parameters?: unknown[]; requestBody?: unknown; responses: Record<string, unknown> };
type Document = {
  openapi: string;
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: Record<string, Record<string, Record<string, unknown>>>;
};

/** Lists every route.ts below app/api/v1 with its OpenAPI path template, e.g. users/[id] → /users/{id}. */
function routeFiles(directory = API_ROOT): { file: string; path: string }[] {
  const found: { file: string; path: string }[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) found.push(...routeFiles(full));
    if (entry.isFile() && entry.name === "route.ts") {
      const relative = path.relative(API_ROOT, directory).split(path.sep).join("/");
      found.push({ file: full, path: `/${relative.replace(/\[([^\]]+)\]/g, "{$1}")}` });
    }
  }
  return found;
}

async function fetchDocument(): Promise<{ response: Response; text: string }> {
  const response = await getOpenApiDocument(new Request("http://127.0.0.1:3000/api/v1/openapi.json"));
  return { response, text: await response.text() };
}

function collectRefs(value: unknown, refs: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => collectRefs(item, refs));
  else if (value && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      if (key === "$ref" && typeof child === "string") refs.push(child);
      else collectRefs(child, refs);
    }
  }
  return refs;
}

function resolvePointer(document: unknown, ref: string): unknown {
  return ref
    .replace(/^#\//, "")
    .split("/")
    .reduce<unknown>((node, segment) => (node && typeof node === "object" ? (node as Record<string, unknown>)[segment] : undefined), document);
}

describe("OpenAPI document", () => {
  it("is public JSON of version 3.1", async () => {
    const { response, text } = await fetchDocument();
    const document = JSON.parse(text) as Document;

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(document.openapi).toBe("3.1.0");
    expect(document.servers[0]?.url).toBe("http://127.0.0.1:3000/api/v1");
  });

  it("documents every route file and method", async () => {
    const document = JSON.parse((await fetchDocument()).text) as Document;
    const files = routeFiles();
    expect(files.length).toBeGreaterThanOrEqual(8);

    for (const { file, path: routePath } of files) {
      const module = (await import(file)) as Record<string, unknown>;
      const exported = HTTP_METHODS.filter((method) => typeof module[method] === "function");
      expect(exported.length, `${file} exports no HTTP method`).toBeGreaterThan(0);

      for (const method of exported) {
        const handler = module[method] as RouteHandler;
        expect(handler.definition, `${method} in ${file} is not built with route()`).toBeDefined();
        expect(handler.definition.path, `${method} in ${file}`).toBe(routePath);
        expect(handler.definition.method, `${method} in ${file}`).toBe(method);
        expect(document.paths[routePath]?.[method.toLowerCase()], `${method} ${routePath} is missing from the document`).toBeDefined();
        expect(v1Routes).toContain(handler.definition);
      }
    }
  });

  it("documents no route without a file", async () => {
    const document = JSON.parse((await fetchDocument()).text) as Document;
    const filePaths = new Set(routeFiles().map((entry) => entry.path));

    for (const documentedPath of Object.keys(document.paths)) {
      expect(filePaths.has(documentedPath), `${documentedPath} has no route.ts`).toBe(true);
    }
  });

  it("resolves every reference", async () => {
    const document = JSON.parse((await fetchDocument()).text) as Document;
    const refs = collectRefs(document);

    expect(refs.length).toBeGreaterThan(0);
    for (const ref of new Set(refs)) {
      expect(ref.startsWith("#/components/"), ref).toBe(true);
      expect(resolvePointer(document, ref), `${ref} does not resolve`).toBeDefined();
    }
  });

  it("describes errors, security and inputs", async () => {
    const document = JSON.parse((await fetchDocument()).text) as Document;
    const operationIds = new Set<string>();

    expect(document.components.securitySchemes?.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(document.components.schemas?.Error).toMatchObject({ type: "object", required: ["error"] });
    for (const name of ["User", "PersonalAccessToken", "CreatedPersonalAccessToken", "Invitation", "CreatedInvitation", "AuditEvent", "Me"]) {
      expect(document.components.schemas?.[name], `component ${name}`).toBeDefined();
    }

    for (const [routePath, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const name = `${method.toUpperCase()} ${routePath}`;
        expect(operationIds.has(operation.operationId), `${name} repeats operationId ${operation.operationId}`).toBe(false);
        operationIds.add(operation.operationId);

        const isPublic = Array.isArray(operation.security) && operation.security.length === 0;
        expect(operation.responses["500"], `${name} lacks 500`).toBeDefined();
        if (!isPublic) {
          expect(operation.responses["401"], `${name} lacks 401`).toBeDefined();
          expect(operation.responses["403"], `${name} lacks 403`).toBeDefined();
        }
        if (operation.parameters || operation.requestBody) expect(operation.responses["400"], `${name} lacks 400`).toBeDefined();
        if (routePath.includes("{")) {
          const pathParameters = (operation.parameters ?? []) as { in: string; name: string }[];
          expect(pathParameters.some((parameter) => parameter.in === "path"), `${name} lacks its path parameter`).toBe(true);
        }
      }
    }
  });

  it("documents the audit event filters", async () => {
    const document = JSON.parse((await fetchDocument()).text) as Document;
    const parameters = (document.paths["/audit-events"]?.get?.parameters ?? []) as { name: string; in: string }[];
    const names = parameters.filter((parameter) => parameter.in === "query").map((parameter) => parameter.name);

    expect(names).toEqual(expect.arrayContaining(["actor", "action", "targetType", "targetId", "from", "to", "before", "limit"]));
  });
});

describe("OpenAPI document for datasets", () => {
  it("documents the raw upload body", async () => {
    const document = JSON.parse((await fetchDocument()).text) as Document;
    const upload = document.paths["/datasets/uploads"]?.post;

    expect(upload?.requestBody).toMatchObject({ required: true, content: { "application/octet-stream": {} } });
    expect(upload?.responses["201"]).toBeDefined();
    expect(upload?.responses["413"]).toEqual({ $ref: "#/components/responses/TooLarge" });
  });

  it("documents the export download as a file", async () => {
    const document = JSON.parse((await fetchDocument()).text) as Document;
    const success = document.paths["/dataset-tasks/{taskId}/download"]?.get?.responses["200"] as { content: Record<string, unknown>; headers: Record<string, unknown> };

    expect(Object.keys(success.content)).toEqual(["application/jsonl", "text/csv"]);
    expect(success.headers).toHaveProperty("Content-Disposition");
  });

  it("names after as the issues cursor", async () => {
    const document = JSON.parse((await fetchDocument()).text) as Document;
    const text = JSON.stringify(document.paths["/dataset-imports/{importId}/issues"]?.get?.responses["200"]);

    expect(text).toContain("Pass as `after`");
  });
});
