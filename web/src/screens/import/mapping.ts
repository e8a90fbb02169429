/**
 * Column mapping for CSV import, done in the browser: which object a file holds (from its name), which field each
 * column fills (from its header), and the file rewritten with the mapped header names so the server's importer
 * reads its standard format unchanged. A file can also hold deals' stage history: its columns go to deal_id,
 * from_stage, to_stage, changed_at, or — HubSpot's one-column-per-stage export — to a stage's "Date entered".
 */
import Papa from 'papaparse';
import { DEAL_STAGES, ENTITIES, ENTITY_ORDER, allFields, type EntityDef, type EntityName, type FieldDef } from '../../api/entities';
import { COMPANY_LINK, fieldForHeader, hasCompanyLink } from '../../../../src/core/header-synonyms';
import { dateEnteredHeader, historyColumnFor, STAGE_HISTORY_COLUMNS } from '../../../../src/crm/import-stage-history-columns';

export { COMPANY_LINK };

/** Deals' stage history (stage_history.csv on the server, imported after deals). */
export const STAGE_HISTORY = 'stage_history';
export type ImportObject = EntityName | typeof STAGE_HISTORY;
export const OBJECTS: readonly ImportObject[] = [...ENTITY_ORDER, STAGE_HISTORY];
/** The upload's part name and how the screen names the object. */
export const objectPlural = (o: ImportObject): string => (o === STAGE_HISTORY ? STAGE_HISTORY : ENTITIES[o].plural);
export const objectLabel = (o: ImportObject): string => (o === STAGE_HISTORY ? 'stage history' : ENTITIES[o].plural);

/** What a stage history column can fill: the four standard columns, or the date a stage was entered. */
const HISTORY_TARGETS: FieldDef[] = [
  ...STAGE_HISTORY_COLUMNS.map((c): FieldDef => ({ name: c, type: 'string', label: c === 'deal_id' ? 'Deal id' : c === 'changed_at' ? 'Changed at' : c === 'from_stage' ? 'From stage' : 'To stage' })),
  ...DEAL_STAGES.map((s): FieldDef => ({ name: dateEnteredHeader(s), type: 'datetime', label: dateEnteredHeader(s) })),
];

/** The targets a column of this object's file can go to. */
export const columnTargets = (o: ImportObject): FieldDef[] => (o === STAGE_HISTORY ? HISTORY_TARGETS : importFields(ENTITIES[o]));

/** Per column: what its header says it fills (stage history: a column it does not know is skipped). */
export function guessColumns(o: ImportObject, header: readonly string[]): string[] {
  if (o !== STAGE_HISTORY) return guessMapping(ENTITIES[o], header);
  const taken = new Set<string>();
  return header.map((h) => {
    const target = historyColumnFor(h);
    if (!target || taken.has(target)) return SKIP;
    taken.add(target);
    return target;
  });
}

/** What is wrong with a mapping before it is sent (see mappingProblems; a stage history needs its deal and moves). */
export function columnProblems(o: ImportObject, header: readonly string[], mapping: readonly string[]): { errors: string[]; warnings: string[] } {
  if (o !== STAGE_HISTORY) return mappingProblems(ENTITIES[o], header, mapping);
  const used = mapping.filter((m) => m !== SKIP && m !== CUSTOM);
  const errors = [...new Set(used.filter((m, i) => used.indexOf(m) !== i))].map((n) => `more than one column goes to "${n}"`);
  const dated = used.some((m) => m.startsWith('Date entered'));
  if (!used.includes('deal_id')) errors.push('no column for the deal id (deal_id)');
  if (!dated && !(used.includes('to_stage') && used.includes('changed_at'))) errors.push('map to_stage and changed_at, or a "Date entered" column per stage');
  return { errors, warnings: [] };
}
/** Column targets besides a field: kept as a custom field under its own header, or left out. */
export const CUSTOM = '__custom';
export const SKIP = '__skip';
/** Contacts: one column of whole names ("Ada Lovelace", "Lovelace, Ada"), split into first_name and last_name. */
export const FULL_NAME = '__full_name';

/** Headers that hold a person's whole name in a contacts file. */
const FULL_NAME_HEADERS = new Set(['name', 'fullname', 'contactname', 'contact', 'person', 'personname', 'displayname', 'nom', 'nomcomplet', 'vollstandigername']);
/** Words that begin a family name: "Ludwig van Beethoven", "Charles de Gaulle". */
const PARTICLES = new Set(['van', 'von', 'de', 'del', 'della', 'der', 'den', 'di', 'da', 'dos', 'das', 'du', 'la', 'le', 'ter', 'ten', 'st.', 'st', 'bin', 'al', 'el', 'ibn', 'mac', 'zu']);
const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'dame', 'herr', 'frau', 'mme', 'mlle', 'm']);
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'phd', 'md', 'esq']);
const bare = (w: string) => w.toLowerCase().replace(/[.,]/g, '');

/**
 * A whole name as first and last name: "Lovelace, Ada" (family name first, with a comma), "Dr. Ada King" (a title
 * dropped), "Ludwig van Beethoven" (a particle starts the family name), "Martin Luther King Jr." (a suffix stays with
 * it), "Cher" (a first name only).
 */
export function splitFullName(whole: string): { first: string; last: string } {
  const text = whole.trim().replace(/\s+/g, ' ');
  if (!text) return { first: '', last: '' };
  const comma = text.indexOf(',');
  if (comma > 0) {
    const after = text.slice(comma + 1).trim();
    // "King, Martin Luther" is family name first; "Martin King, Jr." keeps its suffix.
    if (after && !SUFFIXES.has(bare(after))) return { first: after, last: text.slice(0, comma).trim() };
  }
  const words = text.replace(/,/g, '').split(' ');
  while (words.length > 1 && TITLES.has(bare(words[0]!))) words.shift();
  const suffix: string[] = [];
  while (words.length > 2 && SUFFIXES.has(bare(words[words.length - 1]!))) suffix.unshift(words.pop()!);
  if (words.length === 1) return { first: words[0]!, last: suffix.join(' ') };
  let at = words.length - 1;
  for (let i = 1; i < words.length - 1; i++)
    if (PARTICLES.has(words[i]!.toLowerCase())) {
      at = i;
      break;
    }
  return { first: words.slice(0, at).join(' '), last: [...words.slice(at), ...suffix].join(' ') };
}
export const PREVIEW_ROWS = 5;

const ID_FIELD: FieldDef = { name: 'id', type: 'string', label: 'Id' };

/** "E-mail" → "email", "Company ID" → "companyid", "company_id" → "companyid". */
export const normaliseHeader = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** Contacts and deals: a column of company names or domains, linked to existing companies or creating them. */
const COMPANY_LINK_FIELD: FieldDef = { name: COMPANY_LINK, type: 'string', label: 'Company (name or domain)' };

/** The fields a column can fill: the id and every field the importer takes (not the system-set ones). */
export function importFields(entity: EntityDef): FieldDef[] {
  return [ID_FIELD, ...allFields(entity).filter((f) => !f.readOnly), ...(hasCompanyLink(entity) ? [COMPANY_LINK_FIELD] : [])];
}

/** `contacts.csv`, `Contact export 2026.csv`, `hubspot-deals.csv` → the object; undefined when the name says nothing. */
export function guessObject(fileName: string): ImportObject | undefined {
  const n = normaliseHeader(fileName.replace(/\.csv$/i, ''));
  const stems: [ImportObject, string[]][] = [
    [STAGE_HISTORY, ['stagehistory', 'stagechanges', 'opportunityhistory', 'dealhistory']],
    ['company', ['companies', 'company', 'accounts', 'organisations', 'organizations']],
    ['contact', ['contacts', 'contact', 'people', 'persons', 'leads']],
    ['deal', ['deals', 'deal', 'opportunities', 'opportunity']],
    ['activity', ['activities', 'activity']],
  ];
  // Longest stem first, so "companycontacts" is decided by where the name says most.
  const hits = stems.flatMap(([entity, words]) => words.filter((w) => n.includes(w)).map((w) => ({ entity, at: n.lastIndexOf(w), len: w.length })));
  hits.sort((a, b) => b.len - a.len || b.at - a.at);
  return hits[0]?.entity;
}

/**
 * Per column: the field whose name, label or synonym matches the header (case and punctuation aside; the same table
 * as the server's importer, src/core/header-synonyms.ts), else a custom field.
 */
export function guessMapping(entity: EntityDef, header: readonly string[]): string[] {
  const taken = new Set<string>();
  const mapping = header.map((h) => {
    if (!normaliseHeader(h)) return SKIP;
    const field = fieldForHeader(entity, h);
    if (!field || taken.has(field)) return CUSTOM;
    taken.add(field);
    return field;
  });
  // A contacts file with one column of whole names and none for first or last name: split it.
  if (entity.name === 'contact' && !taken.has('first_name') && !taken.has('last_name')) {
    const i = header.findIndex((h, j) => mapping[j] === CUSTOM && FULL_NAME_HEADERS.has(normaliseHeader(h)));
    if (i >= 0) mapping[i] = FULL_NAME;
  }
  return mapping;
}

/** The header names a mapped column becomes in the rewritten file (two for a split full name, none when skipped). */
function outNames(h: string, target: string | undefined): string[] {
  if (target === SKIP) return [];
  if (target === FULL_NAME) return ['first_name', 'last_name'];
  return [target === CUSTOM || target === undefined ? h.trim() : target];
}


/** What is wrong with a mapping before it is sent: two columns for one field, a required field without a column. */
export function mappingProblems(entity: EntityDef, header: readonly string[], mapping: readonly string[]): { errors: string[]; warnings: string[] } {
  const names = header.flatMap((h, i) => outNames(h, mapping[i]));
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  const errors = [...counts].filter(([, c]) => c > 1).map(([n]) => `more than one column goes to "${n}"`);
  if (names.some((n) => n === '')) errors.push('a custom column has no header name');
  const warnings = entity.fields.filter((f) => f.required && !names.includes(f.name)).map((f) => `no column for the required field "${f.label}" (only updates of existing ids will pass)`);
  return { errors, warnings };
}

/** True when the file can go as it is: every column keeps its header. */
export function isIdentity(header: readonly string[], mapping: readonly string[]): boolean {
  return header.every((h, i) => mapping[i] === CUSTOM || (mapping[i] === h.trim() && mapping[i] !== FULL_NAME));
}

export interface ParsedPreview {
  header: string[];
  rows: string[][];
}

/** The header and the first rows, read from the start of the file only. */
export function parsePreview(file: File): Promise<ParsedPreview> {
  return new Promise((resolve, reject) => {
    Papa.parse<string[]>(file, {
      preview: PREVIEW_ROWS + 1,
      skipEmptyLines: true,
      complete: (res) => {
        const [header = [], ...rows] = res.data;
        if (header.length === 0) reject(new Error(`${file.name} is empty`));
        else resolve({ header: header.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h)), rows });
      },
      error: (err) => reject(err),
    });
  });
}

/** The whole file with the mapped header names and the skipped columns removed, re-serialised. */
export async function rewriteCsv(file: File, mapping: readonly string[]): Promise<string> {
  const text = (await file.text()).replace(/^\uFEFF/, '');
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
  if (parsed.errors.length > 0 && parsed.data.length === 0) throw new Error(`${file.name}: ${parsed.errors[0]!.message}`);
  const [header = [], ...rows] = parsed.data;
  const outHeader = header.flatMap((h, i) => outNames(h, mapping[i]));
  const outRows = rows.map((r) =>
    header.flatMap((_, i) => {
      if (mapping[i] === SKIP) return [];
      if (mapping[i] !== FULL_NAME) return [r[i] ?? ''];
      const { first, last } = splitFullName(r[i] ?? '');
      return [first, last];
    }),
  );
  return Papa.unparse([outHeader, ...outRows], { newline: '\n' });
}
