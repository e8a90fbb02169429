/** The item of a document (PDF, Word, slides, a web page, a text file): a note activity holding its text. */
import type { ExtractContext, ExtractedItem, ExtractedPerson } from './types.js';

/** The document's title: the given one, else its first non-empty line (shortened). */
export function titleOf(text: string, given?: string | null): string {
  const line = (given?.trim() || text.split('\n').map((l) => l.replace(/^#+\s*/, '').trim()).find((l) => l.length > 0) || 'Document').replace(/\s+/g, ' ');
  return line.length > 120 ? `${line.slice(0, 117)}…` : line;
}

export function documentItem(text: string, ctx: ExtractContext, opts: { title?: string | null; occurredAt?: string | null; people?: ExtractedPerson[]; createContacts?: boolean } = {}): ExtractedItem {
  return {
    activity: { type: 'note', subject: titleOf(text, opts.title), body: text, occurredAt: opts.occurredAt ?? ctx.parentDate ?? ctx.now },
    people: opts.people ?? [],
    createContacts: opts.createContacts ?? false,
    attachments: [],
  };
}
