/** The object asked for: the first object noun that is not a modifier; otherwise what the conditions are about. */
import type { EntityName } from '../../../core/entities.js';
import type { Meaning } from '../lexicon.js';
import type { LexiconMatch, ParseState } from '../parse-state.js';

const MODIFIER_PREPOSITIONS = ['at', 'in', 'from', 'with', 'for', 'of', 'by', 'within', 'across'];
const TWO_BACK_PREPOSITIONS = ['at', 'in', 'from', 'with', 'for'];

export function readHead(st: ParseState): void {
  const { n, used } = st;
  let entity: EntityName | null = null;
  if (st.taskAt >= 0) {
    st.head = 'activity';
    st.headAt = st.taskAt;
    for (const m of st.matches) if (m.meanings.every((x) => x.kind === 'entity')) st.claim(m.start, m.end);
    return;
  }
  // A noun after a preposition is a modifier ("CFOs at energy companies"), unless no other noun or role names the object.
  const nouns = st.matches.filter((m) => m.meanings.some((x) => x.kind === 'entity'));
  const isModifier = (m: LexiconMatch) =>
    MODIFIER_PREPOSITIONS.includes(n(m.start - 1)) || (m.start >= 2 && TWO_BACK_PREPOSITIONS.includes(n(m.start - 2)) && !used[m.start - 1]);
  const headMatch = nouns.find((m) => !isModifier(m)) ?? (st.roles.length > 0 ? undefined : nouns[0]);
  if (headMatch) {
    const e = headMatch.meanings.find((x) => x.kind === 'entity') as Extract<Meaning, { kind: 'entity' }>;
    entity = e.entity;
    st.headStatus = e.status;
    st.headAt = headMatch.start;
    st.claim(headMatch.start, headMatch.end);
  }
  // Modifier nouns say nothing more ("people at biotech companies").
  for (const m of nouns) if (m !== headMatch && isModifier(m) && m.meanings.every((x) => x.kind === 'entity' || x.entity !== (entity ?? 'contact'))) st.claim(m.start, m.end);
  if (!entity) {
    const valueEntities = st.matches.flatMap((m) => m.meanings).filter((x) => x.kind === 'value' && !x.weak).map((x) => (x as { entity: EntityName }).entity);
    // "what did we win in May": closing is what deals do.
    const closeCue = st.dates.some((d) => d.cue?.kind === 'close');
    if (closeCue || valueEntities.includes('deal') || (st.quantities.some((q) => q.unit === 'money') && !valueEntities.includes('company'))) entity = 'deal';
    else if (st.roles.length > 0 || valueEntities.includes('contact')) entity = 'contact';
    else if (st.quantities.some((q) => q.unit === 'employees') || (st.groupBy?.entity === 'company' && st.aggFn !== null)) entity = 'company';
    else entity = 'contact';
    // "who haven't we talked to …", "anyone in Berlin": a question about people names its object.
    const aboutPeople = ['who', 'whom', 'whoever', 'anyone', 'anybody', 'someone', 'somebody', 'everyone', 'everybody'].includes(n(0));
    if (nouns.length === 0 && st.roles.length === 0 && !(aboutPeople && entity === 'contact')) st.notes.push(`no object named; showing ${entity === 'company' ? 'companies' : `${entity}s`}`);
  }
  st.head = entity;
}
