import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { errorCodes, type ErrorCode } from "@/lib/errors";
import { PUBLIC, type AnyRouteDefinition } from "./route";
import { apiErrorSchema } from "./v1/schemas";

type JsonSchema = Record<string, unknown>;
export type OpenApiDocument = {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  security: Record<string, string[]>[];
  tags: { name: string }[];
  paths: Record<string, Record<string, JsonSchema>>;
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, JsonSchema>;
    headers: Record<string, JsonSchema>;
    securitySchemes: Record<string, JsonSchema>;
  };
};

const COMPONENT_PREFIX = "#/components/schemas/";

/** Component name of the documented response for each error code. */
const errorResponseNames: Record<ErrorCode, string> = {
  INVALID_INPUT: "InvalidInput",
  UNAUTHENTICATED: "Unauthenticated",
  FORBIDDEN: "Forbidden",
  NOT_FOUND: "NotFound",
  CONFLICT: "Conflict",
  TOO_LARGE: "TooLarge",
  RATE_LIMITED: "RateLimited",
  INTERNAL: "InternalError",
  UPSTREAM_ERROR: "UpstreamError",
};

const errorDescriptions: Record<ErrorCode, string> = {
  INVALID_INPUT: "The request is invalid; error.fields names each rejected field",
  UNAUTHENTICATED: "The bearer token or session is missing, invalid, revoked or expired",
  FORBIDDEN: "The caller's role lacks the permission this operation requires",
  NOT_FOUND: "No such resource in the caller's workspace",
  CONFLICT: "The request conflicts with existing data, such as an email already in use",
  TOO_LARGE: "The request body is larger than the server accepts; the message gives the limit",
  RATE_LIMITED: "Too many requests; retry after the Retry-After header's seconds",
  INTERNAL: "Unexpected server error; quote the x-request-id header when reporting it",
  UPSTREAM_ERROR: "A model provider failed or could not be reached; error.reason says how",
};

/**
 * Stands in for types JSON cannot carry. Query parameters coerced to Date or BigInt arrive as strings, and
 * date-time strings drop zod's long regular expression because `format` already names the rule.
 */
function overrideUnrepresentable(context: { zodSchema: z.core.$ZodTypes; jsonSchema: JsonSchema }) {
  const type = context.zodSchema._zod.def.type;
  if (type === "date") Object.assign(context.jsonSchema, { type: "string", format: "date-time" });
  if (type === "bigint") Object.assign(context.jsonSchema, { type: "string", pattern: "^[0-9]+$" });
  if (context.jsonSchema.format === "date-time") delete context.jsonSchema.pattern;
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value === null || typeof value !== "object") return value;

  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    copy[key] = key === "$ref" && typeof child === "string" ? child.replace(/^#\/\$defs\//, COMPONENT_PREFIX) : rewriteRefs(child);
  }
  return copy;
}

/**
 * Converts a zod schema to JSON Schema 2020-12 (the dialect of OpenAPI 3.1), moving every schema that has a
 * registered `id` into `components`. Two different schemas with one id are a programming error and throw.
 */
function toJsonSchema(schema: z.ZodType, io: "input" | "output", components: Record<string, JsonSchema>): JsonSchema {
  const converted = z.toJSONSchema(schema, { io, target: "draft-2020-12", unrepresentable: "any", override: overrideUnrepresentable });
  const { $schema: _dialect, $defs: definitions, ...root } = converted as JsonSchema & { $defs?: Record<string, JsonSchema> };

  for (const [id, definition] of Object.entries(definitions ?? {})) {
    const rewritten = rewriteRefs(definition) as JsonSchema;
    const existing = components[id];
    if (existing && !isDeepStrictEqual(existing, rewritten)) {
      throw new Error(`OpenAPI component ${id} is defined by two different schemas; give one of them another id`);
    }
    components[id] = rewritten;
  }
  return rewriteRefs(root) as JsonSchema;
}

/** Splits an object schema into OpenAPI parameters, one per property. */
function parametersOf(schema: z.ZodType, location: "path" | "query", components: Record<string, JsonSchema>): JsonSchema[] {
  const objectSchema = toJsonSchema(schema, "input", components) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(objectSchema.properties ?? {}).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return {
      name,
      in: location,
      required: location === "path" || (objectSchema.required ?? []).includes(name),
      ...(typeof description === "string" ? { description } : {}),
      schema: propertySchema,
    };
  });
}

function errorCodesOf(route: AnyRouteDefinition): ErrorCode[] {
  const codes = new Set<ErrorCode>(route.errors ?? []);
  if (route.params || route.query || route.body || route.rawBody) codes.add("INVALID_INPUT");
  if (route.permission !== PUBLIC) {
    codes.add("UNAUTHENTICATED");
    codes.add("FORBIDDEN");
  }
  if (route.params) codes.add("NOT_FOUND");
  codes.add("INTERNAL");
  return [...codes].sort((a, b) => errorCodes[a] - errorCodes[b]);
}

function successBodySchema(route: AnyRouteDefinition, response: z.ZodType, components: Record<string, JsonSchema>): JsonSchema {
  if (route.envelope === false) return toJsonSchema(response, "output", components);

  const cursorParameter = route.cursorParameter ?? "before";
  const body = z.object({
    data: response,
    ...(route.paginated
      ? { nextCursor: z.string().nullable().describe(`Pass as \`${cursorParameter}\` for the next page; null on the last page`) }
      : {}),
  });
  return toJsonSchema(body, "output", components);
}

/** Builds the documented success response: a JSON body, or a file with the headers that describe it. */
function successResponse(route: AnyRouteDefinition, components: Record<string, JsonSchema>): JsonSchema {
  const requestId = { "x-request-id": { $ref: "#/components/headers/RequestId" } };
  if (route.file) {
    return {
      description: route.file.description,
      headers: {
        ...requestId,
        "Content-Disposition": { description: "attachment, with the file name (filename* for non-ASCII names, RFC 6266)", schema: { type: "string" } },
        "Content-Length": { description: "File size in bytes", schema: { type: "integer" } },
      },
      // An empty media type object leaves the content unconstrained, which is how OpenAPI 3.1 describes a file.
      content: Object.fromEntries(route.file.contentTypes.map((contentType) => [contentType, {}])),
    };
  }
  return {
    description: route.summary,
    headers: requestId,
    content: { "application/json": { schema: successBodySchema(route, route.response, components) } },
  };
}

function requestBodyOf(route: AnyRouteDefinition, components: Record<string, JsonSchema>): JsonSchema | undefined {
  if (route.rawBody) {
    return { required: true, description: route.rawBody.description, content: { [route.rawBody.contentType]: {} } };
  }
  if (route.body) {
    return { required: true, content: { "application/json": { schema: toJsonSchema(route.body, "input", components) } } };
  }
  return undefined;
}

function operationOf(route: AnyRouteDefinition, components: Record<string, JsonSchema>): JsonSchema {
  const parameters = [
    ...(route.params ? parametersOf(route.params, "path", components) : []),
    ...(route.query ? parametersOf(route.query, "query", components) : []),
  ];
  const requestBody = requestBodyOf(route, components);
  const isPublic = route.permission === PUBLIC;
  const access = isPublic ? "No authentication required." : `Requires the \`${route.permission}\` permission.`;

  const responses: Record<string, JsonSchema> = { [String(route.successStatus ?? 200)]: successResponse(route, components) };
  for (const code of errorCodesOf(route)) {
    responses[String(errorCodes[code])] = { $ref: `#/components/responses/${errorResponseNames[code]}` };
  }

  return {
    operationId: route.operationId,
    summary: route.summary,
    description: route.description ? `${route.description}\n\n${access}` : access,
    tags: [route.tag],
    ...(isPublic ? { security: [] } : { "x-permission": route.permission }),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
  };
}

function errorResponses(components: Record<string, JsonSchema>): Record<string, JsonSchema> {
  const schema = toJsonSchema(apiErrorSchema, "output", components);
  const responses: Record<string, JsonSchema> = {};
  for (const code of Object.keys(errorResponseNames) as ErrorCode[]) {
    responses[errorResponseNames[code]] = {
      description: errorDescriptions[code],
      headers: {
        "x-request-id": { $ref: "#/components/headers/RequestId" },
        ...(code === "UNAUTHENTICATED" ? { "WWW-Authenticate": { description: 'Bearer challenge, for example Bearer realm="luodi"', schema: { type: "string" } } } : {}),
        ...(code === "RATE_LIMITED" ? { "Retry-After": { description: "Seconds to wait", schema: { type: "integer" } } } : {}),
      },
      content: { "application/json": { schema } },
    };
  }
  return responses;
}

/** Builds the OpenAPI 3.1 document for the given routes, all served below `serverUrl`. */
export function buildOpenApiDocument(routes: readonly AnyRouteDefinition[], options: { serverUrl: string; version: string }): OpenApiDocument {
  const schemas: Record<string, JsonSchema> = {};
  const paths: OpenApiDocument["paths"] = {};

  for (const route of routes) {
    const operations = (paths[route.path] ??= {});
    const method = route.method.toLowerCase();
    if (operations[method]) throw new Error(`Two routes define ${route.method} ${route.path}`);
    operations[method] = operationOf(route, schemas);
  }

  const responses = errorResponses(schemas);
  const tags = [...new Set(routes.map((route) => route.tag))].map((name) => ({ name }));

  return {
    openapi: "3.1.0",
    info: {
      title: "Luodi management API",
      version: options.version,
      description:
        'Manage a Luodi workspace. Authenticate with a personal access token: "Authorization: Bearer ld_pat_...". Lists return { "data": [...] } and single objects { "data": {...} }; failures return { "error": { "code", "message", "fields" } }.',
    },
    servers: [{ url: options.serverUrl }],
    security: [{ bearerAuth: [] }, { consoleSession: [] }],
    tags,
    paths,
    components: {
      schemas,
      responses,
      headers: {
        RequestId: { description: "The request's id: the client's x-request-id when given, else a new UUID", schema: { type: "string" } },
      },
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "Personal access token, created under Profile; starts with ld_pat_" },
        consoleSession: {
          type: "apiKey",
          in: "cookie",
          name: "next-auth.session-token",
          description: "The console's session cookie (__Secure-next-auth.session-token over HTTPS), used when the console calls the API",
        },
      },
    },
  };
}
