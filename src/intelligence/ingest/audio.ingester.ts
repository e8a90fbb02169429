/**
 * Recordings (WAV, MP3, M4A/AAC): decoded by ffmpeg and recognised offline by pocketsphinx (speech.ts), biased
 * towards the workspace's own names. The item is a call activity holding the transcript; people are those whose
 * e-mail address or phone number appears in the file's name or its tags (title, artist, comment…) — names said
 * in the transcript are linked by the service like any text's mentions.
 */
import { EMAIL_PATTERN, person } from './people.js';
import { AUDIO_READ_TIMEOUT_MS, MAX_AUDIO_SECONDS, speechToolsInstalled, transcribe } from './speech.js';
import { IngestFileError, type ExtractedPerson, type Extraction, type Ingester } from './types.js';

const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));

/** WAV (RIFF/WAVE), MP3 (an ID3 tag or an MPEG audio frame), M4A (an MP4 `ftyp` box of an audio brand). */
export function isAudio(bytes: Uint8Array): boolean {
  if (bytes.length < 12) return false;
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WAVE') return true;
  if (ascii(bytes, 0, 3) === 'ID3') return true;
  if (bytes[0] === 0xff && (bytes[1]! & 0xe6) === 0xe2) return true; // MPEG-1/2 layer III frame sync
  if (ascii(bytes, 4, 8) === 'ftyp') return /^(M4A |M4B |mp42|isom|mp41|dash)/.test(ascii(bytes, 8, 12));
  return false;
}

const PHONE_IN_NAME = /\+?\d[\d -]{6,}\d/g;

/** People named by address or number in the file's name and tags ("call +1 415 555 0100 2026-03-10.m4a"). */
export function peopleOfRecording(fileName: string, tags: Record<string, string>): ExtractedPerson[] {
  const text = [fileName.replace(/\.[a-z0-9]{2,4}$/i, '').replace(/_/g, ' '), ...Object.values(tags)].join('\n');
  const emails = [...new Set(text.match(EMAIL_PATTERN) ?? [])];
  // Dates and times in a name ("2026-03-10 14-30") are not phone numbers.
  const withoutEmails = emails.reduce((t, e) => t.replace(e, ' '), text).replace(/\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}[-:]\d{2}(?:[-:]\d{2})?)?\b/g, ' ');
  const phones = [...new Set((withoutEmails.match(PHONE_IN_NAME) ?? []).map((p) => p.trim()).filter((p) => p.replace(/\D/g, '').length >= 7))];
  return [...emails.map((e) => person('speaker', { emails: [e] })), ...phones.map((p) => person('speaker', { phones: [p] }))];
}

export const audioIngester: Ingester = {
  kind: 'audio',
  timeoutMs: AUDIO_READ_TIMEOUT_MS,
  detect: (s) => (isAudio(s.bytes) ? 0.9 : 0),
  async extract(bytes, ctx): Promise<Extraction> {
    if (!speechToolsInstalled()) throw new IngestFileError('recordings cannot be read on this server: ffmpeg and pocketsphinx (Debian packages ffmpeg, pocketsphinx, pocketsphinx-en-us) are not installed', 'unsupported');
    const vocabulary = ctx.vocabulary ? await ctx.vocabulary() : [];
    const rec = await transcribe(bytes, vocabulary);
    const warnings: string[] = [];
    if (!rec.transcript) warnings.push('no speech was recognised in the recording');
    if (rec.truncated) warnings.push(`only the first ${MAX_AUDIO_SECONDS / 60} minutes of the ${Math.round(rec.durationSeconds / 60)}-minute recording were transcribed`);
    const title = rec.tags.title?.trim();
    const occurredAt = rec.tags.creation_time && !Number.isNaN(Date.parse(rec.tags.creation_time)) ? new Date(rec.tags.creation_time).toISOString() : (ctx.parentDate ?? ctx.now);
    return {
      items: [{
        activity: {
          type: 'call',
          subject: title || `Call recording${ctx.fileName ? ` ${ctx.fileName}` : ''}`,
          body: rec.transcript || '(no speech recognised)',
          occurredAt,
          durationMinutes: rec.durationSeconds > 0 ? Math.max(1, Math.round(rec.durationSeconds / 60)) : undefined,
        },
        people: peopleOfRecording(ctx.fileName ?? '', rec.tags),
        createContacts: false,
        attachments: [],
      }],
      warnings,
    };
  },
};
