import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { AbstractIntlMessages } from "next-intl";
import type { Locale } from "./routing";

/**
 * Loads the message catalogue of a locale: every `messages/<locale>/<namespace>.json` file becomes the
 * namespace named by its file name, so `auth.json` holds the keys read as `auth.*`. Engineers add a
 * namespace by adding a file in both locale folders, without touching this loader.
 *
 * The files are read from disk (relative to the working directory, which `next start` sets to the project
 * root) once per process in production, and on every request in development so edits show at once.
 */
export function loadMessages(locale: Locale): AbstractIntlMessages {
  if (process.env.NODE_ENV !== "production") return readCatalogue(locale);

  let messages = cache.get(locale);
  if (!messages) {
    messages = readCatalogue(locale);
    cache.set(locale, messages);
  }
  return messages;
}

const cache = new Map<Locale, AbstractIntlMessages>();

const NAMESPACE_PATTERN = /^[a-z][a-zA-Z0-9-]*$/;

export function messagesDirectory(locale: Locale): string {
  return path.join(process.cwd(), "messages", locale);
}

function readCatalogue(locale: Locale): AbstractIntlMessages {
  const directory = messagesDirectory(locale);
  const files = readdirSync(directory)
    .filter((file) => file.endsWith(".json"))
    .sort();

  const messages: AbstractIntlMessages = {};
  for (const file of files) {
    const namespace = file.slice(0, -".json".length);
    if (!NAMESPACE_PATTERN.test(namespace)) {
      throw new Error(`Message file ${path.join(directory, file)} has an invalid namespace name; use lower camelCase or kebab-case letters and digits`);
    }
    messages[namespace] = parseNamespace(path.join(directory, file));
  }
  return messages;
}

function parseNamespace(file: string): AbstractIntlMessages {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`Message file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error(`Message file ${file} must contain a JSON object of message keys`);
  }
  return parsed as AbstractIntlMessages;
}
