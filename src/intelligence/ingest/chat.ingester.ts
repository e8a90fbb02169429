/**
 * Chat exports (.json): Slack channel exports (an array of {user_name|user, text, ts}), Teams/Discord-style
 * {messages: [{author|from|sender, content|text, timestamp}]} and the like — the first array of objects that have
 * a text and an author. One note holding the conversation, dated at its first message; authors are participants.
 */
import { person, personFromAddress } from './people.js';
import { decodeText } from './sample.js';
import { IngestFileError, type ExtractedPerson, type Extraction, type Ingester } from './types.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface ChatMessage {
  author: string;
  email?: string;
  text: string;
  at?: string;
}

const TEXT_KEYS = ['text', 'content', 'message', 'body'];
const AUTHOR_KEYS = ['user_name', 'author', 'from', 'sender', 'user', 'name', 'username'];
const TIME_KEYS = ['ts', 'timestamp', 'date', 'time', 'created_at', 'sent_at'];

const isObject = (v: Json | undefined): v is { [k: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

function pick(o: { [k: string]: Json }, keys: string[]): Json | undefined {
  for (const k of keys) if (o[k] != null && o[k] !== '') return o[k];
  return undefined;
}

function timeOf(v: Json | undefined): string | undefined {
  if (v == null) return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
  // Slack's ts is seconds since the epoch; others use milliseconds or ISO text.
  const d = Number.isFinite(n) ? new Date(n < 1e11 ? n * 1000 : n) : new Date(String(v));
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

function messageOf(o: Json): ChatMessage | null {
  if (!isObject(o)) return null;
  const text = pick(o, TEXT_KEYS);
  const author = pick(o, AUTHOR_KEYS);
  if (typeof text !== 'string' || author == null) return null;
  const who = isObject(author) ? author : null;
  const name = who ? pick(who, ['name', 'display_name', 'displayName', 'real_name', 'username']) : author;
  const email = who ? pick(who, ['email', 'emailAddress']) : typeof o.email === 'string' ? o.email : undefined;
  return { author: String(name ?? email ?? 'unknown'), email: typeof email === 'string' ? email : undefined, text, at: timeOf(pick(o, TIME_KEYS)) };
}

/** The conversation: the first array (breadth-first) whose objects are mostly messages. */
export function findMessages(root: Json): ChatMessage[] | null {
  const queue: Json[] = [root];
  while (queue.length) {
    const v = queue.shift()!;
    if (Array.isArray(v)) {
      const messages = v.map(messageOf).filter((m): m is ChatMessage => m !== null);
      if (messages.length > 0 && messages.length >= v.length / 2) return messages;
      queue.push(...v.filter((x) => typeof x === 'object' && x !== null));
    } else if (isObject(v)) queue.push(...Object.values(v).filter((x) => typeof x === 'object' && x !== null));
  }
  return null;
}

function parseJson(raw: string): Json | undefined {
  try {
    return JSON.parse(raw) as Json;
  } catch {
    return undefined;
  }
}

export const chatIngester: Ingester = {
  kind: 'chat',
  detect: (s) => {
    if (!s.isText || !/^\s*[[{]/.test(s.head)) return 0;
    const json = parseJson(decodeText(s.bytes));
    return json !== undefined && findMessages(json) ? 0.9 : 0;
  },
  async extract(bytes): Promise<Extraction> {
    const json = parseJson(decodeText(bytes));
    const messages = json === undefined ? null : findMessages(json);
    if (!messages) throw new IngestFileError('not a chat export (no list of messages with an author and a text)');
    const title = isObject(json) && typeof json.name === 'string' ? json.name : isObject(json) && typeof json.channel === 'string' ? json.channel : null;
    const people = new Map<string, ExtractedPerson>();
    for (const m of messages) {
      const key = (m.email ?? m.author).toLowerCase();
      if (!people.has(key)) people.set(key, (m.email ? personFromAddress('author', `${m.author} <${m.email}>`) : null) ?? person('author', { name: m.author }));
    }
    const first = messages.find((m) => m.at)?.at;
    return {
      items: [
        {
          activity: {
            type: 'note',
            subject: `Chat${title ? ` ${title}` : ''}: ${[...people.values()].map((p) => p.name ?? p.emails[0]).join(', ')}`.slice(0, 200),
            body: messages.map((m) => `${m.author}: ${m.text}`).join('\n'),
            occurredAt: first ?? new Date().toISOString(),
          },
          people: [...people.values()],
          createContacts: false,
          attachments: [],
        },
      ],
      warnings: [],
    };
  },
};
