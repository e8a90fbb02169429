/** Conditions from the lexicon's matches and the companies named, read in the light of the object asked for. */
import { ENTITIES, fieldOf, LEAD_STATUSES, OPEN_STAGES, type EntityName } from '../../../core/entities.js';
import type { Meaning } from '../lexicon.js';
import type { Condition } from '../parsed-query.js';
import type { ParseState } from '../parse-state.js';
import { ENTITY_NOUNS } from '../vocabulary.js';
import { ORGANISATION_NOUNS } from './meaning.js';
import { isOrganisationNoun, synsetsOf } from '../../lexicon/wordnet.js';
import { phraseKey } from '../../lexicon/tokens.js';

const PREPOSITIONS = new Set(['in', 'at', 'from', 'within', 'of', 'for', 'with', 'to', 'on', 'by', 'based', 'located', 'headquartered', 'the', 'non', 'via', 'through']);
/** Nouns after a value that say it is a facet ("fintech space", "retail sector"). */
const FACET_NOUNS = new Set(['industry', 'industrie', 'sector', 'space', 'vertical', 'market', 'segment', 'field', 'area', 'business']);
const TAG_CUES = ['tagged', 'tag', 'labelled', 'labeled'];

type ValueMeaning = Extract<Meaning, { kind: 'value' }>;

export function readConditions(st: ParseState): void {
  const { s, n, used, head } = st;
  if (st.headStatus && !st.conditions.some((c) => c.field === 'lead_status') && !othersPeople(st, st.headAt)) addValueCondition(st, 'contact', 'lead_status', [st.headStatus], st.headAt);
  for (const m of st.matches) {
    const values = m.meanings.filter((x): x is ValueMeaning => x.kind === 'value');
    if (m.start === st.headAt) continue;
    // Another object noun after the head is a modifier ("people at biotech companies"), or a stage ("deals in lead").
    const isNoun = m.meanings.some((x) => x.kind === 'entity');
    let pick = values.find((v) => v.entity === head && !(isNoun && v.field === 'lead_status')) ?? values.find((v) => st.reaches(v.entity) && v.entity !== head);
    // "deals that got vetted", "brand new opportunities": a lead status said of deals, not of their contact ("deals
    // with vetted leads"), is the deal stage of the same name where there is one.
    if (head === 'deal' && pick?.field === 'lead_status' && ENTITY_NOUNS[n(m.end)]?.entity !== 'contact' && ENTITY_NOUNS[s(m.end)]?.entity !== 'contact') pick = stageNamedLike(st, pick) ?? pick;
    if (!pick) {
      // "webinar leads still open", "referral contacts in play", "leads we have not closed yet": a stage word said of
      // contacts is how far the lead has come — open is neither customer nor disqualified, closed or won is a customer.
      // The outcome verbs are said of deals; said of people they are idioms ("contacts who lose sleep over audits").
      const asStatus = head === 'contact' && !isNoun && !OUTCOME_VERBS.has(st.key(m.start, m.end - m.start)) ? statusOfStage(values) : undefined;
      if (asStatus && ENTITY_NOUNS[n(m.end)]?.entity !== 'deal') {
        st.claim(m.start, m.end);
        addValueCondition(st, 'contact', 'lead_status', asStatus.values, m.start, `${asStatus.label} ("${st.typed(m.start, m.end)}")`);
        continue;
      }
      if (isNoun) {
        const e = m.meanings.find((x) => x.kind === 'entity');
        if (e?.kind === 'entity' && e.status && head === 'contact' && !othersPeople(st, m.start)) addValueCondition(st, 'contact', 'lead_status', [e.status], m.start);
        st.claim(m.start, m.end);
        continue;
      }
      if (values.length > 0) st.notes.push(`"${st.typed(m.start, m.end)}" is about ${ENTITIES[values[0]!.entity].plural}, not ${ENTITIES[head].plural}; ignored`);
      continue;
    }
    // "still new", "are new", "marked new": a status said of the contact.
    const statusSaid = pick.field === 'lead_status' && ['still', 'are', 'is', 'remain', 'remains', 'marked', 'as', 'at'].includes(n(m.start - 1));
    // "partner sourced leads", "partner driven deals": a source said with the verb of arrival after it.
    const sourceSaid = pick.field === 'lead_source' && SOURCE_VERBS_AFTER.has(n(m.end));
    if (sourceSaid && !used[m.end]) used[m.end] = true;
    if (pick.weak && !statusSaid && !sourceSaid && !strongContext(st, m.start, m.end)) continue;
    if (pick.field === 'lead_status' && !statusSaid && othersPeople(st, m.start)) continue;
    // "new" as a status only right before leads ("new leads") or said of them; elsewhere it is about creation dates.
    // Beside a lead source and no date ("new ones from the website", "webinar signups still sitting at new") it is
    // the status too: how far leads from there have come.
    const besideSource = st.dates.length === 0 && st.matches.some((x) => x !== m && x.meanings.some((v) => v.kind === 'value' && v.field === 'lead_source'));
    if (pick.field === 'lead_status' && n(m.start) === 'new' && !['lead', 'prospect', 'contact'].includes(s(m.end)) && !statusSaid && !besideSource) continue;
    st.claim(m.start, m.end);
    if (FACET_NOUNS.has(s(m.end)) && !used[m.end]) used[m.end] = true;
    if (pick.field === 'tags' && TAG_CUES.includes(n(m.start - 1))) used[m.start - 1] = true;
    if (pick.fieldLabel) {
      // A region: its countries, said as the region.
      const negated = st.negatedBefore(m.start);
      st.conditions.push({ entity: pick.entity, field: pick.field, op: negated ? 'nin' : 'in', value: [...pick.values], label: `${pick.fieldLabel} ${negated ? '≠' : '='} ${pick.label}` });
      continue;
    }
    const ordered = pick.field === 'stage' ? st.stageOrderAt.get(m.start) : undefined;
    if (ordered) {
      addValueCondition(st, pick.entity, pick.field, ordered.stages, m.start, `${ordered.stages.join(' or ')} ("${ordered.said}")`);
      continue;
    }
    addValueCondition(st, pick.entity, pick.field, pick.values, m.start, m.how ? `${pick.label} ("${st.typed(m.start, m.end)}", ${m.how})` : pick.label);
  }
  // "pipeline" is what is still open: deals not yet won or lost.
  if (head === 'deal' && st.toks.some((t) => t.norm === 'pipeline') && !st.conditions.some((c) => c.field === 'stage')) {
    st.conditions.push({ entity: 'deal', field: 'stage', op: 'in', value: [...OPEN_STAGES], label: 'open (pipeline)' });
  }
  for (const c of st.namedCompanies) {
    const negated = st.negatedBefore(c.start);
    const label = `company ${negated ? '≠' : '='} ${c.name}`;
    if (head === 'company') st.conditions.push({ entity: 'company', field: 'id', op: negated ? 'nin' : 'in', value: [c.id], label });
    else st.conditions.push({ entity: head, field: 'company_id', op: negated ? 'nin' : 'in', value: [c.id], label });
  }
}

/** Whose people a word for customers may be: the contacts' own, not ours ("our customers" is a lead status). */
const POSSESSIVE_WORDS = new Set(['their', 'whose', 'his', 'her', 'its']);
const CLAUSE_WORDS = new Set(['how', 'what', 'why', 'whether', 'if', 'when', 'where']);
/** Verbs after which a status word names what the contact became ("became customers", "turning into buyers"). */
const BECOMING = new Set(['becoming', 'being', 'turning', 'converting', 'going', 'staying']);

/**
 * "tracking how customers use their app", "their buyers", "losing new customers": a word for customers inside a
 * clause of the contacts' own (after a possessive, a question word, or a verb of theirs in -ing) is the people they
 * serve, not the contact's lead status.
 */
function othersPeople(st: ParseState, at: number): boolean {
  // The word before, or the one before that past an adjective ("their new customers", "losing loyal buyers").
  for (let k = at - 1; k >= Math.max(0, at - 2); k--) {
    const w = st.n(k);
    // A question word opening the query asks it ("what customers do we have", "how many customers").
    if (POSSESSIVE_WORDS.has(w) || (CLAUSE_WORDS.has(w) && k > 0 && !['many', 'much'].includes(st.n(k + 1)))) return true;
    if (/ing$/.test(w) && w.length > 4 && !BECOMING.has(w)) {
      try {
        const verb = synsetsOf(w, 99, ['verb']).length;
        // Right before the noun an -ing word that is an adjective too describes it ("an existing client").
        const describes = k === at - 1 && synsetsOf(w, 1, ['adj']).length > 0;
        if (verb > 0 && verb >= synsetsOf(w, 99, ['noun']).length && !describes) return true;
      } catch {
        return false;
      }
    }
  }
  return false;
}

/** A lead's status for a stage word said of contacts: open → still being worked, won or closed → customer, lost → disqualified. */
function statusOfStage(values: ValueMeaning[]): { values: string[]; label: string } | undefined {
  const stage = values.find((v) => v.entity === 'deal' && v.field === 'stage');
  if (!stage) return undefined;
  const v = stage.values;
  if (v.length === OPEN_STAGES.length && OPEN_STAGES.every((x) => v.includes(x))) return { values: LEAD_STATUSES.filter((x) => x !== 'customer' && x !== 'unqualified'), label: 'not yet customer or disqualified' };
  if (v.every((x) => x === 'closed_won' || x === 'closed_lost') && v.includes('closed_won')) return { values: ['customer'], label: 'customer' };
  if (v.length === 1 && v[0] === 'closed_lost') return { values: ['unqualified'], label: 'unqualified' };
  return undefined;
}

/** The deal stage a lead status's values name ("qualified"; "new" is a new lead), from the lexicon; undefined for others. */
function stageNamedLike(st: ParseState, status: ValueMeaning): ValueMeaning | undefined {
  const stages = status.values.flatMap((v) => (st.ctx.lexicon.phrases.get(phraseKey(v)) ?? []).filter((m): m is ValueMeaning => m.kind === 'value' && m.entity === 'deal' && m.field === 'stage'));
  if (stages.length !== 1) return undefined;
  return { ...stages[0]!, label: `${stages[0]!.label} ("${status.label}")` };
}

/** A deal's outcome said as a verb in the present ("did we lose", "deals we win"). */
const OUTCOME_VERBS = new Set(['lose', 'loses', 'losing', 'win', 'wins', 'winning']);

/** Verbs after a lead source that say the lead came from it ("partner sourced", "event generated"). */
const SOURCE_VERBS_AFTER = new Set(['sourced', 'referred', 'generated', 'driven', 'led', 'originated', 'introduced']);

/** A weak value ("security", "tech") is a filter only where grammar makes it one: after in/at/from, before a noun. */
function strongContext(st: ParseState, start: number, end: number): boolean {
  const { s, n } = st;
  // "clinics or hospitals", "banks and insurers", "a webinar, conference or partner": joined to a value of the same
  // field (an industry always), a weak one is a value too.
  const own = new Set(st.matches.filter((m) => m.start === start).flatMap((m) => m.meanings.flatMap((x) => (x.kind === 'value' ? [x.field] : []))));
  const joined = (k: number) => ['or', 'and', '&'].includes(n(k)) && st.matches.some((m) => (m.end === k || m.start === k + 1) && m.start !== start && m.meanings.some((x) => x.kind === 'value' && (x.field === 'industry' || own.has(x.field))));
  return (
    joined(start - 1) ||
    joined(end) ||
    (end - start === 1 && organisationWord(st.n(start))) ||
    PREPOSITIONS.has(n(start - 1)) ||
    // "through a partner", "on our site": a preposition and a determiner.
    (['a', 'an', 'our', 'one', 'their', 'some'].includes(n(start - 1)) && PREPOSITIONS.has(n(start - 2))) ||
    st.sourceAt.has(start) ||
    st.negatedAt.has(start - 1) ||
    FACET_NOUNS.has(s(end)) ||
    // "payments startups", "crypto shops": before a word for firms, as before "companies".
    ORGANISATION_NOUNS.has(s(end)) ||
    Boolean(ENTITY_NOUNS[n(end)]) ||
    st.matches.some((m) => m.start === end && m.meanings.some((x) => x.kind === 'entity'))
  );
}

/**
 * A field is one of `values`. Values of one field join into one list ("in Berlin or Paris", "CTOs in Berlin and
 * Munich"); after "or", the condition joins the previous one in an or-group; a negation turns it around.
 */
function addValueCondition(st: ParseState, entity: EntityName, field: string, values: readonly string[], start: number, valueLabel?: string): void {
  const { conditions } = st;
  const fieldLabel = fieldOf(ENTITIES[entity], field)?.label.toLowerCase() ?? field;
  const prev = conditions.find((x) => x.entity === entity && x.field === field && (x.op === 'in' || x.op === 'nin'));
  // "not in the UK or Germany", "deals not yet won or lost": a negation reaches every value of one field joined by "or".
  const negated = st.negatedBefore(start) || (prev?.op === 'nin' && field !== 'tags' && st.orBefore(start));
  if (prev && field === 'stage' && !negated && prev.op === 'in' && !st.orBefore(start)) {
    // "open deals in negotiation": a stage within a group of stages narrows it rather than joining it.
    const list = prev.value as string[];
    const narrower = values.every((v) => list.includes(v)) ? values : list.every((v) => values.includes(v)) ? list : null;
    if (narrower) {
      prev.value = [...narrower];
      prev.label = `${fieldLabel} = ${narrower === values ? (valueLabel ?? values.join(' or ')) : prev.label.replace(/^[^=]*= /, '')}`;
      return;
    }
  }
  if (prev && (prev.op === 'nin') === negated && field !== 'tags') {
    const list = prev.value as string[];
    for (const v of values) if (!list.includes(v)) list.push(v);
    prev.label = `${fieldLabel} ${negated ? 'not in' : '='} ${list.join(' or ')}`;
    return;
  }
  let cond: Condition;
  if (field !== 'tags') {
    const label = `${fieldLabel} ${negated ? (values.length > 1 ? 'not in' : '≠') : '='} ${valueLabel ?? values.join(' or ')}`;
    cond = { entity, field, op: negated ? 'nin' : 'in', value: [...values], label };
  } else if (!negated) cond = { entity, field, op: 'has', value: values[0], label: `tagged ${values[0]}` };
  // tags: "not tagged vip", "contacts who aren't decision makers" → every record without the tag (untagged ones too)
  else cond = { entity, field, op: 'lacks', value: values[0], label: `not tagged ${values[0]}` };
  if (st.orBefore(start) && conditions.length > 0 && conditions[conditions.length - 1]!.field !== field) {
    const last = conditions[conditions.length - 1]!;
    last.anyGroup ??= ++st.anyGroups;
    cond.anyGroup = last.anyGroup;
  }
  conditions.push(cond);
}

/** "banks", "hospitals", "schools": a word for an organisation names its industry wherever it stands ("security" does not). */
function organisationWord(w: string): boolean {
  try {
    return isOrganisationNoun(w) && !synsetsOf(w, 1, ['noun'])[0]?.person;
  } catch {
    return false;
  }
}
