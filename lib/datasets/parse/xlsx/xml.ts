import { SaxesParser, type SaxesTagPlain } from "saxes";
import type { Entry } from "yauzl";

import { readEntry, xlsxInvalid, type ZipArchive } from "./zip";

/** Handlers for the few SAX events the XLSX readers need. Names are given without namespace prefix. */
export type XmlHandlers = {
  open?: (name: string, attributes: Record<string, string>) => void;
  close?: (name: string) => void;
  text?: (text: string) => void;
};

/** Strips a namespace prefix ("x:row" → "row"). Some writers bind the SpreadsheetML namespace to a prefix. */
function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon === -1 ? name : name.slice(colon + 1);
}

/**
 * A SAX parser over streamed UTF-8 bytes of one XML part of an archive. Namespace processing is left
 * off for speed, so element names are matched by local name. `write` and `close` throw
 * SourceFileError("xlsx_invalid") for XML that is not well-formed.
 */
export class XmlStream {
  private readonly parser = new SaxesParser({ xmlns: false, position: true });
  private readonly decoder = new TextDecoder("utf-8", { fatal: false });

  constructor(
    private readonly archive: ZipArchive,
    private readonly entry: Entry,
    handlers: XmlHandlers,
  ) {
    const { open, close, text } = handlers;
    if (open) {
      this.parser.on("opentag", (tag: SaxesTagPlain) => open(localName(tag.name), tag.attributes));
    }
    if (close) this.parser.on("closetag", (tag: SaxesTagPlain) => close(localName(tag.name)));
    if (text) {
      this.parser.on("text", text);
      this.parser.on("cdata", text);
    }
  }

  write(chunk: Buffer): void {
    const text = this.decoder.decode(chunk, { stream: true });
    if (text.length > 0) this.guard(() => this.parser.write(text));
  }

  close(): void {
    const tail = this.decoder.decode();
    this.guard(() => {
      if (tail.length > 0) this.parser.write(tail);
      this.parser.close();
    });
  }

  private guard(step: () => void): void {
    try {
      step();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw xlsxInvalid(this.archive.filename, `the part ${this.entry.fileName} is not well-formed XML (${message})`, {
        entry: this.entry.fileName,
      });
    }
  }
}

/** Parses a whole XML part of the archive. */
export async function parseXmlEntry(
  archive: ZipArchive,
  entry: Entry,
  handlers: XmlHandlers,
  options: Parameters<typeof readEntry>[2] = {},
): Promise<void> {
  const xml = new XmlStream(archive, entry, handlers);
  for await (const chunk of readEntry(archive, entry, options)) xml.write(chunk);
  xml.close();
}
