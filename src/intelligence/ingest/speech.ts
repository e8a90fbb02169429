/**
 * Offline speech recognition: Debian's `ffmpeg` decodes any recording to 16 kHz mono PCM and Debian's
 * `pocketsphinx_continuous` (CMU Sphinx, US English model of `pocketsphinx-en-us`) recognises it. Both run as
 * child processes with a time limit, so a hostile or endless file cannot hang the server.
 *
 * Bias towards the workspace's own words: Sphinx's stock language model rarely produces a company's or a
 * person's name (most are not in it). After recognition, each run of 1–3 recognised words is compared, sound by
 * sound (CMU dictionary phonemes), with the workspace's names, companies and products; a close enough run is
 * replaced by the name (see `biasTranscript`). This is a post-recognition lexicon correction, not a change of
 * the acoustic search: it fixes near misses ("grace hopper" → "Grace Hopper", "or bit foods" → "Orbit Foods")
 * and cannot recover a name the recogniser missed entirely.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { distance } from 'fastest-levenshtein';

export const SPHINX_MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';
const DICT = path.join(SPHINX_MODEL_DIR, 'cmudict-en-us.dict');

/** Whether the decoder and the recogniser are installed. */
export function speechToolsInstalled(): boolean {
  return ['/usr/bin/ffmpeg', '/usr/bin/ffprobe', '/usr/bin/pocketsphinx_continuous'].every((f) => existsSync(f)) && existsSync(DICT);
}

function run(cmd: string, args: string[], timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      if (err) reject(Object.assign(new Error(`${path.basename(cmd)} failed: ${(stderr || err.message).trim().split('\n').slice(-2).join(' ')}`), { ingestFileError: true }));
      else resolve({ stdout, stderr });
    });
  });
}

export interface Recording {
  /** The recognised text, after the workspace bias. */
  transcript: string;
  /** What Sphinx heard before the bias. */
  raw: string;
  durationSeconds: number;
  /** Whether only the first MAX_AUDIO_SECONDS were recognised. */
  truncated: boolean;
  /** The file's tags (title, artist, comment, date…), lower-cased keys. */
  tags: Record<string, string>;
}

/** Recordings longer than this are cut (recognition runs at 1–2× real time on one shared core). */
export const MAX_AUDIO_SECONDS = 10 * 60;
/** The longest a recording may take to read: decoding plus recognition of MAX_AUDIO_SECONDS at 2× real time. */
export const AUDIO_READ_TIMEOUT_MS = (2 * MAX_AUDIO_SECONDS + 120) * 1000;

/** Recognitions run one after another: each takes a core for about the recording's length. */
let queue: Promise<unknown> = Promise.resolve();

/** Decodes and recognises a recording; `vocabulary` are the workspace's names, companies and products. */
export function transcribe(bytes: Uint8Array, vocabulary: readonly string[] = []): Promise<Recording> {
  const run = queue.then(() => transcribeNow(bytes, vocabulary));
  queue = run.catch(() => undefined);
  return run;
}

async function transcribeNow(bytes: Uint8Array, vocabulary: readonly string[]): Promise<Recording> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hololoom-audio-'));
  try {
    const input = path.join(dir, 'input');
    const wav = path.join(dir, 'speech.wav');
    await writeFile(input, bytes);
    const probe = await run('/usr/bin/ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', input], 30_000);
    const info = JSON.parse(probe.stdout) as { format?: { duration?: string; tags?: Record<string, string> }; streams?: { codec_type?: string }[] };
    if (!info.streams?.some((s) => s.codec_type === 'audio')) throw Object.assign(new Error('the file holds no audio stream'), { ingestFileError: true });
    if (!(Number(info.format?.duration ?? 0) > 0)) throw Object.assign(new Error('the recording is empty'), { ingestFileError: true });
    const tags = Object.fromEntries(Object.entries(info.format?.tags ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
    // -threads 1: decoding shares the machine with the server.
    await run('/usr/bin/ffmpeg', ['-nostdin', '-v', 'error', '-threads', '1', '-i', input, '-t', String(MAX_AUDIO_SECONDS), '-vn', '-ac', '1', '-ar', '16000', '-sample_fmt', 's16', '-f', 'wav', wav], 120_000);
    const sphinx = await run('/usr/bin/pocketsphinx_continuous', ['-infile', wav, '-logfn', '/dev/null', '-hmm', path.join(SPHINX_MODEL_DIR, 'en-us'), '-lm', path.join(SPHINX_MODEL_DIR, 'en-us.lm.bin'), '-dict', DICT], 2 * MAX_AUDIO_SECONDS * 1000);
    const raw = sphinx.stdout.split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
    const durationSeconds = Number(info.format?.duration ?? 0) || 0;
    return { transcript: biasTranscript(raw, vocabulary), raw, durationSeconds, truncated: durationSeconds > MAX_AUDIO_SECONDS, tags };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/* ── the workspace bias ── */

let dictionary: Map<string, string[]> | null = null;
/** The CMU pronouncing dictionary Sphinx uses: word → phonemes. */
function pronunciations(): Map<string, string[]> {
  if (dictionary) return dictionary;
  dictionary = new Map();
  if (!existsSync(DICT)) return dictionary;
  for (const line of readFileSync(DICT, 'utf8').split('\n')) {
    const [word, ...phones] = line.trim().split(/\s+/);
    if (word && phones.length > 0 && !word.includes('(')) dictionary.set(word, phones);
  }
  return dictionary;
}

/** A rough phoneme spelling of a word the dictionary lacks (names often are): letters mapped to sounds. */
const LETTER_SOUNDS: [RegExp, string][] = [
  [/^kn/, 'N'], [/ph/g, 'F'], [/th/g, 'TH'], [/sh/g, 'SH'], [/ch/g, 'CH'], [/ck/g, 'K'], [/qu/g, 'K W'], [/ee|ea/g, 'IY'], [/oo/g, 'UW'], [/ou|ow/g, 'AW'], [/ai|ay/g, 'EY'],
  [/c(?=[eiy])/g, 'S'], [/[cq]/g, 'K'], [/x/g, 'K S'], [/a/g, 'AE'], [/e/g, 'EH'], [/[iy]/g, 'IH'], [/o/g, 'AA'], [/u/g, 'AH'], [/w/g, 'W'], [/j/g, 'JH'], [/z/g, 'Z'],
];
function soundsOf(word: string): string[] {
  const known = pronunciations().get(word);
  if (known) return known;
  let spelled = word.replace(/[^a-z]/g, '').replace(/(.)\1/g, '$1');
  for (const [pattern, sound] of LETTER_SOUNDS) spelled = spelled.replace(pattern, ` ${sound} `);
  // What no rule replaced is a run of consonants: one phoneme per letter ('h' is Sphinx's HH).
  return spelled.split(/\s+/).filter(Boolean).flatMap((s) => (/^[a-z]+$/.test(s) ? [...s].map((c) => (c === 'h' ? 'HH' : c.toUpperCase())) : [s]));
}

/** Phonemes as one character each, so an edit distance counts phonemes. */
const codes = new Map<string, string>();
function phonemeString(words: readonly string[]): string {
  return words.flatMap((w) => soundsOf(w.toLowerCase())).map((p) => {
    const key = p.replace(/\d/g, '');
    if (!codes.has(key)) codes.set(key, String.fromCharCode(0x100 + codes.size));
    return codes.get(key)!;
  }).join('');
}

/**
 * Replaces runs of 1–3 recognised words that sound like one of the workspace's terms (at most a quarter of its
 * phonemes differ; terms of at least 4 phonemes, so short common words are never rewritten) with the term.
 */
export function biasTranscript(raw: string, vocabulary: readonly string[]): string {
  const words = raw.split(/\s+/).filter(Boolean);
  const terms = [...new Set(vocabulary.map((v) => v.replace(/[^\p{L}\p{N}' -]/gu, ' ').replace(/\s+/g, ' ').trim()).filter((v) => v.length >= 3))]
    .map((term) => ({ term, words: term.split(' ').length, sounds: phonemeString(term.split(' ')) }))
    .filter((t) => t.sounds.length >= 4 && t.words <= 4);
  if (terms.length === 0) return words.join(' ');
  const out: string[] = [];
  for (let i = 0; i < words.length; ) {
    let best: { term: string; span: number; score: number } | null = null;
    for (let span = 1; span <= 4 && i + span <= words.length; span++) {
      const heard = phonemeString(words.slice(i, i + span));
      for (const t of terms) {
        // A name's first sound is rarely misheard; requiring it keeps a neighbouring word ("is grace hopper") out.
        if (heard[0] !== t.sounds[0] || Math.abs(t.sounds.length - heard.length) > t.sounds.length / 4) continue;
        const score = distance(heard, t.sounds) / t.sounds.length;
        if (score <= 0.25 && (!best || score < best.score || (score === best.score && span > best.span))) best = { term: t.term, span, score };
      }
    }
    if (best) {
      out.push(best.term);
      i += best.span;
    } else {
      out.push(words[i]!);
      i += 1;
    }
  }
  return out.join(' ');
}

/** Word accuracy of a transcript against the truth: 1 − word error rate (edit distance over words). */
export function wordAccuracy(truth: string, heard: string): number {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9' ]/g, ' ').split(/\s+/).filter(Boolean);
  const t = norm(truth);
  const h = norm(heard);
  const ids = new Map<string, string>();
  const enc = (ws: string[]) => ws.map((w) => { if (!ids.has(w)) ids.set(w, String.fromCharCode(0x100 + ids.size)); return ids.get(w)!; }).join('');
  return Math.max(0, 1 - distance(enc(t), enc(h)) / Math.max(1, t.length));
}
