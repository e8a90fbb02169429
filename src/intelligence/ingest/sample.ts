/** Reading a file's bytes before an ingester sees them: the detection sample and bounded unzipping. */
import { Unzip, UnzipInflate, unzipSync } from 'fflate';
import { IngestFileError, type DetectSample, type IngestLimits } from './types.js';

const HEAD_BYTES = 8192;
const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const utf8Loose = new TextDecoder('utf-8');

/** Text of a file, BOM removed (invalid bytes replaced). */
export function decodeText(bytes: Uint8Array): string {
  return utf8Loose.decode(bytes).replace(/^\uFEFF/, '');
}

function isUtf8Text(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    utf8Strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const isZip = (b: Uint8Array) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** Entry names of a zip archive (nothing is decompressed), or null when the bytes are not one. */
function zipEntryNames(bytes: Uint8Array): string[] | null {
  if (!isZip(bytes)) return null;
  const names: string[] = [];
  try {
    unzipSync(bytes, { filter: (f) => (names.push(f.name), false) });
  } catch {
    return null;
  }
  return names;
}

export function detectSample(name: string, bytes: Uint8Array): DetectSample {
  const zipEntries = zipEntryNames(bytes);
  return {
    bytes,
    name,
    zipEntries,
    isText: zipEntries === null && isUtf8Text(bytes),
    head: decodeText(bytes.subarray(0, HEAD_BYTES)),
  };
}

/**
 * The entries of a zip archive whose names pass `want`, decompressed, refusing archives whose declared sizes add up
 * past the limit (a zip bomb declares its real size; one that lies fails fflate's own length check).
 */
export function unzipBounded(bytes: Uint8Array, limits: IngestLimits, want: (name: string) => boolean): Record<string, Uint8Array> {
  let total = 0;
  try {
    const wanted = unzipSync(bytes, {
      filter: (f) => {
        // Every entry counts, wanted or not: a library reading the archive after this check would unpack them all.
        total += f.originalSize;
        if (total > limits.maxUnzippedBytes) throw new IngestFileError(`the archive unpacks to more than ${limits.maxUnzippedBytes} bytes`, 'too_large');
        return want(f.name);
      },
    });
    checkUnpackedSize(bytes, limits.maxUnzippedBytes);
    return wanted;
  } catch (e) {
    if (e instanceof IngestFileError) throw e;
    throw new IngestFileError(`not a readable zip archive (${(e as Error).message})`);
  }
}

/** Deflate expands at most ~1032:1, so a slice this size inflates to at most ~17 MB at a time. */
const INFLATE_SLICE = 16 * 1024;

/**
 * Inflates every entry without keeping it, counting the bytes that really come out: an archive that declares small
 * sizes but unpacks to more (a lying zip bomb) is refused here, before a library that trusts the data (mammoth's
 * JSZip, ExcelJS) unpacks it all in memory. The input is fed in small slices so no single chunk is large.
 */
function checkUnpackedSize(bytes: Uint8Array, max: number): void {
  let total = 0;
  const unzip = new Unzip((file) => {
    file.ondata = (err, chunk) => {
      if (err) throw err;
      total += chunk.length;
      if (total > max) throw new IngestFileError(`the archive unpacks to more than ${max} bytes`, 'too_large');
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  for (let at = 0; at < bytes.length; at += INFLATE_SLICE) unzip.push(bytes.subarray(at, at + INFLATE_SLICE), at + INFLATE_SLICE >= bytes.length);
}

/** The text content of XML (tags removed, entities decoded), with a line break after each paragraph-like element. */
export function xmlText(xml: string, paragraphTag: RegExp): string {
  return xml
    .replace(paragraphTag, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
