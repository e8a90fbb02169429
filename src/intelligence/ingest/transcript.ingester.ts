/** Transcripts (.vtt WebVTT, .srt SubRip): a call with the speakers' lines as its body and the recording's length. */
import { person } from './people.js';
import { decodeText } from './sample.js';
import type { Extraction, Ingester } from './types.js';

const CUE_TIME = /(?:(\d+):)?(\d{2}):(\d{2})[.,](\d{3})\s+-->\s+(?:(\d+):)?(\d{2}):(\d{2})[.,](\d{3})/;
const SRT_START = /^\s*\d+\s*\r?\n\s*\d{2}:\d{2}:\d{2},\d{3}\s+-->/;

const seconds = (h: string | undefined, m: string, s: string, ms: string) => Number(h ?? 0) * 3600 + Number(m) * 60 + Number(s) + Number(ms) / 1000;

export interface Cue {
  speaker: string | null;
  text: string;
  end: number;
}

/** Cues of a WebVTT or SubRip file; a speaker from `<v Name>` or a leading "Name:". */
export function parseCues(raw: string): Cue[] {
  const cues: Cue[] = [];
  for (const block of raw.replace(/\r\n/g, '\n').split(/\n{2,}/)) {
    const lines = block.split('\n');
    const at = lines.findIndex((l) => CUE_TIME.test(l));
    if (at < 0) continue;
    const t = lines[at]!.match(CUE_TIME)!;
    let text = lines.slice(at + 1).join(' ').trim();
    let speaker: string | null = null;
    const voice = text.match(/^<v(?:\.[^\s>]*)?\s+([^>]+)>/);
    if (voice) speaker = voice[1]!.trim();
    text = text.replace(/<[^>]+>/g, '').trim();
    const prefix = !speaker ? text.match(/^([A-Z][\p{L}.'-]*(?: [A-Z][\p{L}.'-]*){0,3}):\s+/u) : null;
    if (prefix) [speaker, text] = [prefix[1]!, text.slice(prefix[0].length)];
    if (text) cues.push({ speaker, text, end: seconds(t[5], t[6]!, t[7]!, t[8]!) });
  }
  return cues;
}

export const transcriptIngester: Ingester = {
  kind: 'transcript',
  detect: (s) => (s.isText && (/^\s*WEBVTT\b/.test(s.head) || SRT_START.test(s.head)) ? 1 : 0),
  async extract(bytes, ctx): Promise<Extraction> {
    const cues = parseCues(decodeText(bytes));
    // Consecutive cues of one speaker read as one paragraph.
    const paragraphs: string[] = [];
    let last: string | null | undefined;
    for (const c of cues) {
      if (c.speaker === last && paragraphs.length) paragraphs[paragraphs.length - 1] += ` ${c.text}`;
      else paragraphs.push(c.speaker ? `${c.speaker}: ${c.text}` : c.text);
      last = c.speaker;
    }
    const speakers = [...new Set(cues.map((c) => c.speaker).filter((s): s is string => !!s))];
    const duration = cues.length ? Math.round(Math.max(...cues.map((c) => c.end)) / 60) : 0;
    return {
      items: [
        {
          activity: {
            type: 'call',
            subject: speakers.length ? `Call transcript: ${speakers.join(', ')}` : 'Call transcript',
            body: paragraphs.join('\n'),
            occurredAt: ctx.parentDate ?? ctx.now,
            durationMinutes: duration || undefined,
          },
          people: speakers.map((name) => person('speaker', { name })),
          createContacts: false,
          attachments: [],
        },
      ],
      warnings: cues.length ? [] : ['the transcript has no cues'],
    };
  },
};
