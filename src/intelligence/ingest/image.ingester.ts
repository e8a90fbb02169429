/**
 * Images (PNG, JPEG): OCR (ocr.ts). A business card — a short text with an e-mail address or a phone number —
 * becomes a contact (name, title, company, e-mail, phone; the service's duplicate detection updates someone
 * already known); any other image becomes a document note holding its text.
 */
import { documentItem } from './document.js';
import { recogniseImage } from './ocr.js';
import { EMAIL_PATTERN, person } from './people.js';
import { IngestFileError, type ExtractedPerson, type Extraction, type Ingester } from './types.js';

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const startsWith = (bytes: Uint8Array, magic: readonly number[]) => magic.every((b, i) => bytes[i] === b);

/** Images larger than this many pixels are refused (a decompression bomb, or a poster no card reader needs). */
const MAX_PIXELS = 40_000_000;

const TITLE_WORDS = /\b(ceo|cto|cfo|coo|cmo|vp|vice president|president|founder|co-founder|owner|partner|director|head|manager|lead|engineer|architect|consultant|officer|chief|executive|analyst|specialist|representative|sales|marketing|account|developer|designer|advisor|principal|associate|coordinator|administrator|buyer|procurement)\b/i;
const COMPANY_WORDS = /\b(inc|inc\.|ltd|llc|gmbh|corp|corporation|co\.|company|group|s\.a\.|sa|ag|plc|bv|limited|holdings|labs|systems|solutions|technologies|partners)\b\.?/i;
const PHONE_RUN = /(?:\+|\b)\d[\d ().\-/]{6,}\d/g;
const WEBSITE = /\b(?:https?:\/\/)?(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})(?:\/\S*)?\b/i;
const LABEL = /^(?:e-?mail|mail|tel|phone|mobile|cell|fax|web|www|m|t|p|e|w)\s*[:.]\s*/i;

/** Width and height from a PNG's IHDR or a JPEG's SOFn marker, or null when the header is unreadable. */
export function imageSize(bytes: Uint8Array): { width: number; height: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (startsWith(bytes, PNG)) return bytes.length >= 24 ? { width: view.getUint32(16), height: view.getUint32(20) } : null;
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1]!;
    const length = view.getUint16(at + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return { height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
    at += 2 + length;
  }
  return null;
}

/** A business card's person from its OCR text, or null when the text is not a card. */
export function cardPerson(text: string): ExtractedPerson | null {
  const lines = text.split('\n').map((l) => l.replace(/[|©®™•·]/g, ' ').replace(/\s+/g, ' ').trim()).filter((l) => l.length > 1);
  if (lines.length === 0 || lines.length > 16 || text.length > 600) return null;
  const emails = [...new Set((text.match(EMAIL_PATTERN) ?? []).map((e) => e.toLowerCase()))];
  const phones = [...new Set(lines.flatMap((l) => (l.includes('@') ? [] : (l.replace(LABEL, '').match(PHONE_RUN) ?? []))).map((p) => p.trim()).filter((p) => p.replace(/\D/g, '').length >= 7))];
  if (emails.length === 0 && phones.length === 0) return null;
  // Lines that are contact details (address, phone, site) say nothing of the name, title or company.
  const details = (l: string) => l.includes('@') || LABEL.test(l) || /\d{3,}/.test(l) || /^(?:https?:\/\/|www\.)/i.test(l);
  const words = lines.filter((l) => !details(l));
  const name = words.find((l) => /^\p{Lu}[\p{L}'’.-]*(?: \p{Lu}[\p{L}'’.-]*){1,3}$/u.test(l) && !TITLE_WORDS.test(l) && !COMPANY_WORDS.test(l));
  const title = words.find((l) => l !== name && TITLE_WORDS.test(l) && !COMPANY_WORDS.test(l));
  const company = words.find((l) => l !== name && l !== title && COMPANY_WORDS.test(l)) ?? words.find((l) => l !== name && l !== title);
  const site = lines.find((l) => !l.includes('@') && /(?:www\.|https?:\/\/|\.[a-z]{2,}\b)/i.test(l) && !/\d{3,}/.test(l))?.match(WEBSITE)?.[1];
  return person('card', { name, title, company, emails, phones, domain: site?.toLowerCase() });
}

/** Whether the image's bytes end where its format says it ends (PNG: an IEND chunk; JPEG: the EOI marker). */
export function imageComplete(bytes: Uint8Array): boolean {
  const n = bytes.length;
  if (startsWith(bytes, PNG)) return n >= 12 && String.fromCharCode(...bytes.subarray(n - 8, n - 4)) === 'IEND';
  // Some cameras pad after EOI: look for it in the last bytes.
  const tail = bytes.subarray(Math.max(0, n - 64));
  for (let i = tail.length - 2; i >= 0; i--) if (tail[i] === 0xff && tail[i + 1] === 0xd9) return true;
  return false;
}

export const imageIngester: Ingester = {
  kind: 'image',
  isolate: { module: import.meta.url, name: 'imageIngester' },
  detect: (s) => (startsWith(s.bytes, PNG) || startsWith(s.bytes, JPEG) ? 0.95 : 0),
  async extract(bytes, ctx): Promise<Extraction> {
    const size = imageSize(bytes);
    if (!size || size.width === 0 || size.height === 0) throw new IngestFileError('not a readable image (its header is damaged)');
    if (!imageComplete(bytes)) throw new IngestFileError('the image is truncated (its data stops before the end of the image)');
    if (size.width * size.height > MAX_PIXELS) throw new IngestFileError(`the image is ${size.width}×${size.height} pixels, more than ${MAX_PIXELS / 1e6} megapixels`, 'too_large');
    const { text, confidence } = await recogniseImage(bytes);
    const warnings: string[] = [];
    if (!text) warnings.push('no text was recognised in the image');
    else if (confidence < 0.6) warnings.push(`the text was recognised with low confidence (${Math.round(confidence * 100)} %)`);
    const card = text ? cardPerson(text) : null;
    if (card) {
      const subject = `Business card: ${[card.name, card.company].filter(Boolean).join(', ') || card.emails[0] || card.phones[0]}`;
      return { items: [{ ...documentItem(text, ctx, { title: subject, people: [card], createContacts: true }) }], warnings };
    }
    return { items: [documentItem(text || '(an image without text)', ctx, { title: text ? undefined : 'Image' })], warnings };
  },
};
