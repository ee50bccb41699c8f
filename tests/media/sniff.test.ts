import { describe, expect, it } from "vitest";
import { sniffMediaType } from "@/lib/media/sniff";

function iso(major: string, ...compatible: string[]): Buffer {
  const size = 16 + compatible.length * 4;
  const box = Buffer.alloc(size + 8);
  box.writeUInt32BE(size, 0);
  box.write("ftyp", 4, "latin1");
  box.write(major, 8, "latin1");
  compatible.forEach((brand, index) => box.write(brand, 16 + index * 4, "latin1"));
  return box;
}

function riff(form: string): Buffer {
  return Buffer.concat([Buffer.from("RIFF"), Buffer.from([0x24, 0, 0, 0]), Buffer.from(form), Buffer.alloc(20)]);
}

const accepted: [string, Buffer, string][] = [
  ["JPEG", Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), "image/jpeg"],
  ["PNG", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), "image/png"],
  ["GIF", Buffer.from("GIF89a\x01\x00", "latin1"), "image/gif"],
  ["TIFF little-endian", Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]), "image/tiff"],
  ["TIFF big-endian", Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]), "image/tiff"],
  ["WebP", riff("WEBP"), "image/webp"],
  ["WAV", riff("WAVE"), "audio/wav"],
  ["MP3 with ID3", Buffer.from("ID3\x04\x00\x00", "latin1"), "audio/mpeg"],
  ["MP3 frame", Buffer.from([0xff, 0xfb, 0x90, 0x64]), "audio/mpeg"],
  ["M4A", iso("M4A ", "M4A ", "mp42", "isom"), "audio/mp4"],
  ["HEIC", iso("heic", "mif1", "heic"), "image/heic"],
  ["HEIF mif1", iso("mif1", "heic"), "image/heic"],
];

const rejected: [string, Buffer, string][] = [
  ["SVG", Buffer.from('\uFEFF  <svg xmlns="http://www.w3.org/2000/svg"></svg>'), "svg"],
  ["SVG with XML prolog", Buffer.from('<?xml version="1.0"?>\n<!-- x -->\n<svg>'), "svg"],
  ["HTML", Buffer.from("<!doctype html><p>hi"), "html"],
  ["script", Buffer.from("<script>alert(1)</script>"), "html"],
  ["AVIF", iso("avif", "mif1", "avif"), "avif"],
  ["MP4 video", iso("isom", "isom", "avc1"), "video"],
  ["PDF", Buffer.from("%PDF-1.4"), "pdf"],
  ["ZIP", Buffer.from([0x50, 0x4b, 0x03, 0x04]), "zip"],
  ["text", Buffer.from("hello"), "text"],
  ["MPEG layer II frame", Buffer.from([0xff, 0xfd, 0x90, 0x64]), "unknown"],
  ["binary noise", Buffer.from([0x00, 0x01, 0x02, 0x03]), "unknown"],
];

describe("sniffMediaType", () => {
  it.each(accepted)("accepts %s", (_name, bytes, mimeType) => {
    expect(sniffMediaType(bytes)).toMatchObject({ accepted: true, type: { mimeType } });
  });

  it.each(rejected)("rejects %s", (_name, bytes, detected) => {
    expect(sniffMediaType(bytes)).toMatchObject({ accepted: false, detected });
  });
});
