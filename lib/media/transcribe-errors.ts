/**
 * Messages the media.transcribe job stores in MediaAsset.transcriptError, by failure code. The console
 * translates a stored message through transcribeErrorCodeOf and the mediaAudio namespace (errors.<code>).
 */
export const TRANSCRIBE_ERROR_MESSAGES = {
  not_audio: "Only audio files can be transcribed.",
  file_missing: "The audio file is missing from storage. Upload it again.",
  model_unavailable: "The transcription model is missing, disabled or not marked as audio-capable. Choose another model under Settings → Model providers.",
  blocked_address: "The provider's address is a private or metadata address that Luodi does not contact. An admin can allow the host under Settings → Network.",
  unauthorized: "The provider rejected the API key. Check the key under Settings → Model providers.",
  rejected: "The provider rejected the audio file or the request. Check that the model supports transcription and the file format.",
  upstream_failed: "The provider failed to transcribe the file after several tries. Try again later.",
  timeout: "The provider did not answer in time. Try again later or raise the provider's timeout.",
  bad_response: "The provider's answer contained no transcript text.",
} as const;

export type TranscribeErrorCode = keyof typeof TRANSCRIBE_ERROR_MESSAGES;

/** Returns the code of a stored transcriptError message, or null for text this module did not write. */
export function transcribeErrorCodeOf(message: string | null): TranscribeErrorCode | null {
  if (!message) return null;
  const entry = Object.entries(TRANSCRIBE_ERROR_MESSAGES).find(([, text]) => text === message);
  return entry ? (entry[0] as TranscribeErrorCode) : null;
}
