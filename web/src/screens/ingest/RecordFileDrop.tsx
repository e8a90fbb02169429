/**
 * Files dropped on a contact, company or deal page (anywhere on it, or chosen with the button on a phone) are
 * ingested linked to that record for sure (POST /api/ingest?contactId=…), and each file's result shows below.
 */
import { useQueryClient } from '@tanstack/react-query';
import { keys } from '../../api/hooks';
import { DropZone } from '../../ui/DropZone';
import { IngestResults, useIngestUploads } from './IngestResults';
import { reviewKey } from './ReviewList';

const PARAM = { contact: 'contactId', company: 'companyId', deal: 'dealId' } as const;

export function RecordFileDrop({ entity, plural, id, title }: { entity: keyof typeof PARAM; plural: string; id: string; title: string }) {
  const qc = useQueryClient();
  const { rows, ingest } = useIngestUploads({ [PARAM[entity]]: id }, () => {
    void qc.invalidateQueries({ queryKey: keys.timeline(plural, id) });
    void qc.invalidateQueries({ queryKey: reviewKey });
  });
  return (
    <div className="record-files">
      <DropZone
        compact
        anywhere
        onFiles={(files) => void ingest(files)}
        label={`Drop files for ${title} here or press Enter to choose files`}
        inputLabel={`Files for ${title}`}
        title="Drop files here"
        hint="e-mails, documents, cards, recordings… or click to choose"
        phoneTitle="Add files"
        phoneHint="e-mails, documents, cards, recordings… tap to choose a file"
      />
      <IngestResults rows={rows} label={`Files added to ${title}`} />
    </div>
  );
}
