/** One contact, company or deal: its fields (editable), related records, timeline, similar records and score. */
import { useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useParams } from 'react-router';
import { ENTITIES, LIST_OBJECTS, fieldsOf, recordTitle, type FieldDef, type ListPlural } from '../../api/entities';
import { keys, patchAndStore, useRecord, useRecordNames } from '../../api/hooks';
import { NextActionCard } from '../../ui/NextActionCard';
import { loadingOrError } from '../../ui/States';
import { useToast } from '../../ui/Toasts';
import { useCan } from '../auth/session';
import { ActivityComposer } from './ActivityComposer';
import { DealScore } from './DealScore';
import { DealActionCard } from '../../ui/DealActionCard';
import { DealStageBar } from './DealStageBar';
import { DuplicateNotice } from './DuplicateNotice';
import { FieldsPanel } from './FieldsPanel';
import { LeadScore } from './LeadScore';
import { RecordHeader } from './RecordHeader';
import { Related } from './Related';
import { Similar } from './Similar';
import { Timeline } from './Timeline';
import { RecordFileDrop } from '../ingest/RecordFileDrop';
import { MergedRedirect, mergedInto } from '../duplicates/MergedRedirect';

export function RecordScreen({ plural }: { plural: ListPlural }) {
  const { id = '' } = useParams();
  const name = LIST_OBJECTS[plural];
  const entity = ENTITIES[name];
  const q = useRecord(plural, id);
  const qc = useQueryClient();
  const toast = useToast();
  const can = useCan();
  const fields = useMemo(() => fieldsOf(entity).filter((f) => f.name !== 'updated_at'), [entity]);
  const record = q.data;
  const companyNames = useRecordNames('company', record ? [record.company_id as string] : []);
  const contactNames = useRecordNames('contact', record ? [record.contact_id as string] : []);

  if (q.isError && mergedInto(q.error)) return <MergedRedirect plural={plural} from={id} to={mergedInto(q.error)!} />; // merged: go to the survivor
  const state = loadingOrError(q, `Loading ${entity.label.toLowerCase()}…`);
  if (state || !q.data) return state;
  const r = q.data;
  const save = (f: FieldDef, value: unknown) =>
    patchAndStore(qc, plural, r.id, { [f.name]: value })
      .then(() => {
        toast.show(`${f.label} saved`, 'success');
        void qc.invalidateQueries({ queryKey: keys.timeline(plural, r.id) });
        if (name === 'deal') void qc.invalidateQueries({ queryKey: keys.pipeline });
      })
      .catch(toast.error);

  return (
    <article className="screen record-screen" aria-labelledby="record-title">
      <RecordHeader plural={plural} entity={name} record={r} />
      <DuplicateNotice plural={plural} entity={name} record={r} />
      {name === 'deal' && <DealStageBar deal={r} readOnly={!can.write} />}
      <div className="record-grid">
        <aside className="record-fields">
          <FieldsPanel entity={entity} record={r} fields={fields} names={{ company_id: companyNames, contact_id: contactNames }} onSave={save} readOnly={!can.write} />
        </aside>
        <section className="record-main" aria-label="Activity">
          {can.write && <ActivityComposer key={r.id} entity={name} plural={plural} record={r} />}
          {can.write && (name === 'contact' || name === 'company' || name === 'deal') && <RecordFileDrop entity={name} plural={plural} id={r.id} title={recordTitle(entity, r)} />}
          <h2 className="section-title">Timeline</h2>
          <Timeline plural={plural} id={r.id} />
        </section>
        <aside className="record-side">
          {/* A closed deal has nothing to do this week (the policy itself answers "Wait: the deal is closed"). */}
          {name === 'deal' && !String(r.stage).startsWith('closed') && <DealActionCard dealId={r.id} canWrite={can.write} />}
          {name === 'deal' && <DealScore id={r.id} stage={String(r.stage)} />}
          {name === 'contact' && <NextActionCard contact={{ id: r.id, name: recordTitle(entity, r) }} />}
          {name === 'contact' && <LeadScore id={r.id} status={String(r.lead_status ?? '')} />}
          <Related entity={name} plural={plural} record={r} />
          <Similar entity={name} id={r.id} />
        </aside>
      </div>
    </article>
  );
}
