/**
 * Inbox (issue 20): drop any files — e-mails, mailboxes, PDFs, Office files, lead lists, cards, invitations,
 * transcripts, chat exports — and see per file what it became: its kind, the activities and contacts created, the
 * records linked (each a link to open), the facts read, and why a file could not be read. Below, the items whose
 * links were unsure wait for review.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useCan } from '../auth/session';
import { DropZone } from '../../ui/DropZone';
import { IngestResults, useIngestUploads } from './IngestResults';
import { Mailboxes } from './Mailboxes';
import { ReviewList, reviewKey } from './ReviewList';

export function IngestScreen() {
  const qc = useQueryClient();
  const can = useCan();
  const { rows, ingest } = useIngestUploads(undefined, (results) => {
    if (results.some((r) => r.reviewIds?.length)) void qc.invalidateQueries({ queryKey: reviewKey });
  });

  return (
    <section className="screen ingest-screen" aria-labelledby="ingest-title">
      <header className="screen-header">
        <h1 id="ingest-title">Inbox</h1>
      </header>
      <p className="muted">
        Drop e-mails (.eml, .mbox), documents (PDF — scans too —, Word, PowerPoint, Excel, HTML, text), lead lists (CSV), cards (.vcf, or a photo of one), images (.png, .jpg), recordings (.wav, .mp3, .m4a), invitations (.ics), transcripts (.vtt, .srt) or chat exports (.json). Each becomes activities on the
        right contacts, companies and deals; the same file twice is recognised. Links that are not sure enough wait under &ldquo;Needs review&rdquo;.
      </p>
      <DropZone onFiles={(files) => void ingest(files)} label="Drop files here or press Enter to choose files" inputLabel="Files to ingest" title="Drop files here" hint="or click to choose" phoneTitle="Add files" phoneHint="Tap to choose a file" />
      <IngestResults rows={rows} />
      <ReviewList canWrite={can.write} />
      {can.admin && <Mailboxes />}
    </section>
  );
}
