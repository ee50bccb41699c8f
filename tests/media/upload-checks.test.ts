import { describe, expect, it } from "vitest";
import { findExtensionMismatch } from "@/lib/media/extension-check";
import { canDecodeHeic } from "@/lib/media/heic-support";
import { mediaRejections, roundDurationForMessage } from "@/lib/media/rejections";
import { MEDIA_TYPES } from "@/lib/media/sniff";
import { isCompleteWav } from "@/lib/media/wav-header";
import { silentWav } from "./harness";

/** Builds a WAV whose fmt chunk has the given channel count, sample rate and block align. */
function wavWithFormat(channels: number, sampleRate: number, blockAlign: number): Buffer {
  const wav = Buffer.from(silentWav(0.5));
  wav.writeUInt16LE(channels, 22);
  wav.writeUInt32LE(sampleRate, 24);
  wav.writeUInt16LE(blockAlign, 32);
  return wav;
}

/** Inserts a `LIST` chunk of `size` bytes (odd sizes get the RIFF pad byte) between the fmt and data chunks. */
function wavWithListChunk(size: number): Buffer {
  const wav = silentWav(0.5);
  const padded = size + (size % 2);
  const list = Buffer.alloc(8 + padded);
  list.write("LIST", 0, "ascii");
  list.writeUInt32LE(size, 4);
  const result = Buffer.concat([wav.subarray(0, 36), list, wav.subarray(36)]);
  result.writeUInt32LE(result.length - 8, 4);
  return result;
}

describe("WAV header check", () => {
  it("accepts a complete WAV", () => {
    expect(isCompleteWav(silentWav(3))).toBe(true);
  });

  it("accepts extra chunks and trailing bytes", () => {
    expect(isCompleteWav(wavWithListChunk(7))).toBe(true);
    expect(isCompleteWav(wavWithListChunk(8))).toBe(true);
    expect(isCompleteWav(Buffer.concat([silentWav(1), Buffer.from("id3 trailing tag")]))).toBe(true);
  });

  it("rejects the first 60 bytes of a long WAV", () => {
    const wav = silentWav(3);
    expect(wav.readUInt32LE(40)).toBe(48_000);
    expect(isCompleteWav(wav.subarray(0, 60))).toBe(false);
  });

  it("rejects a data chunk longer than the file", () => {
    const wav = Buffer.from(silentWav(1));
    wav.writeUInt32LE(wav.length, 40);
    expect(isCompleteWav(wav)).toBe(false);
  });

  it("rejects a RIFF size past the end", () => {
    const wav = Buffer.from(silentWav(1));
    wav.writeUInt32LE(wav.length, 4);
    expect(isCompleteWav(wav)).toBe(false);
  });

  it("rejects empty data and a missing data chunk", () => {
    expect(isCompleteWav(silentWav(0))).toBe(false);
    const header = Buffer.from(silentWav(1).subarray(0, 36));
    header.writeUInt32LE(28, 4);
    expect(isCompleteWav(header)).toBe(false);
    expect(isCompleteWav(Buffer.from("RIFF"))).toBe(false);
  });

  it("rejects a zero format field", () => {
    expect(isCompleteWav(wavWithFormat(1, 8000, 2))).toBe(true);
    expect(isCompleteWav(wavWithFormat(0, 8000, 2))).toBe(false);
    expect(isCompleteWav(wavWithFormat(1, 0, 2))).toBe(false);
    expect(isCompleteWav(wavWithFormat(1, 8000, 0))).toBe(false);
  });
});

describe("extension check", () => {
  const matching: [string, keyof typeof MEDIA_TYPES][] = [
    ["photo.jpg", "jpeg"],
    ["photo.JPEG", "jpeg"],
    ["photo.jpe", "jpeg"],
    ["scan.tiff", "tiff"],
    ["scan.TIF", "tiff"],
    ["IMG_0001.HEIF", "heic"],
    ["call.mp4", "m4a"],
    ["call.M4A", "m4a"],
    ["no-extension", "png"],
    ["photo.unknownext", "png"],
    ["archive.tar.png", "png"],
  ];

  it.each(matching)("accepts %s as %s", (filename, key) => {
    expect(findExtensionMismatch(filename, MEDIA_TYPES[key])).toBeNull();
  });

  const lying: [string, keyof typeof MEDIA_TYPES, string, string][] = [
    ["png_named.mp3", "png", ".mp3", "MP3"],
    ["photo.JPG", "webp", ".jpg", "JPEG"],
    ["call.wav", "mp3", ".wav", "WAV"],
    ["scan.pdf", "png", ".pdf", "PDF"],
    ["logo.svg", "png", ".svg", "SVG"],
  ];

  it.each(lying)("rejects %s holding %s", (filename, key, extension, namedType) => {
    expect(findExtensionMismatch(filename, MEDIA_TYPES[key])).toEqual({ extension, namedType });
  });
});

describe("HEIC support check", () => {
  const heif = (fileSuffix: string[] | undefined, buffer = true) => ({
    id: "heif",
    input: { file: true, buffer, stream: true, fileSuffix },
    output: { file: true, buffer: true, stream: true },
  });

  it("detects an AVIF-only build", () => {
    expect(canDecodeHeic(heif([".avif"]))).toBe(false);
    expect(canDecodeHeic(heif(undefined))).toBe(false);
    expect(canDecodeHeic(undefined)).toBe(false);
  });

  it("detects a build with HEIC", () => {
    expect(canDecodeHeic(heif([".heic", ".heif", ".avif"]))).toBe(true);
    expect(canDecodeHeic(heif([".heic"], false))).toBe(false);
  });

  it("names HEIC only when decodable", () => {
    const without = mediaRejections.unsupportedType("a.bmp", "unknown", false);
    expect(without.publicMessage).toContain("JPEG, PNG, WebP, GIF or TIFF images");
    expect(without.publicMessage).not.toContain("HEIC");
    expect(without.options.params).toMatchObject({ heic: "no" });

    const withHeic = mediaRejections.unsupportedType("a.bmp", "unknown", true);
    expect(withHeic.publicMessage).toContain("TIFF or HEIC images");
    expect(withHeic.options.params).toMatchObject({ heic: "yes" });
  });
});

describe("audio duration in messages", () => {
  it("rounds to one decimal under a minute", () => {
    expect(roundDurationForMessage(6.0081632653, 5)).toBe(6);
    expect(roundDurationForMessage(7.26, 5)).toBe(7.3);
  });

  it("rounds to whole seconds above a minute", () => {
    expect(roundDurationForMessage(3612.4, 3600)).toBe(3612);
  });

  it("keeps decimals that exceed the limit", () => {
    expect(roundDurationForMessage(6.0081632653, 6)).toBe(6.008);
    expect(roundDurationForMessage(3600.4, 3600)).toBe(3600.4);
  });

  it("puts the rounded value in the message", () => {
    const error = mediaRejections.audioTooLong("call.mp3", 6.0081632653, 5);
    expect(error.publicMessage).toContain("is 6 seconds long, more than the limit of 5 seconds");
    expect(error.options.params).toMatchObject({ seconds: 6, limitSeconds: 5 });
  });

  it("formats large numbers in English", () => {
    const error = mediaRejections.tooManyPixels("bomb.png", 100_000, 100_000, 100_000_000);
    expect(error.publicMessage).toContain("100,000 x 100,000 pixels, more than the limit of 100,000,000 pixels");
  });
});
