/**
 * The relation graph of the CRM: contact works_at company, deal is_with company, deal involves contact,
 * activity mentions contact / company / deal. Read straight off the declared reference fields, so it is
 * always exactly what the records say and needs no second copy to keep in step. Later issues (intro paths,
 * graph features for scoring) walk it through `neighbourhood`.
 */
import { ENTITIES, ENTITY_ORDER, type CrmRecord, type EntityDef, type EntityName } from '../../core/entities.js';
import { notFound } from '../../core/errors.js';
import { childRelations, parentRelations } from '../../crm/relations.js';
import type { Storage } from '../../storage/index.js';

export interface GraphNode {
  id: string;
  entity: EntityName;
  label: string;
  /** Hops from the root. */
  depth: number;
}

export interface GraphEdge {
  from: string;
  to: string;
  type: string;
}

export interface Neighbourhood {
  root: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** True when a node had more neighbours of one kind than `perNode` and only the newest were kept. */
  truncated: boolean;
}

/** The edge a reference field stands for, read child → parent. */
const EDGE_TYPES: Partial<Record<EntityName, Record<string, string>>> = {
  contact: { company_id: 'works_at' },
  deal: { company_id: 'is_with', contact_id: 'involves' },
  activity: { contact_id: 'mentions', company_id: 'mentions', deal_id: 'mentions' },
};

export function edgeType(child: EntityName, field: string): string {
  return EDGE_TYPES[child]?.[field] ?? field.replace(/_id$/, '');
}

function label(entity: EntityDef, r: CrmRecord): string {
  const text = entity.titleFields.map((f) => r[f]).filter((v) => typeof v === 'string' && v !== '').join(' ');
  return text || r.id;
}

export class RelationGraph {
  constructor(private readonly storage: Storage) {}

  /** Which object an id belongs to (ids are kept as imported, so the prefix is not trusted). */
  async locate(ws: string, id: string): Promise<{ entity: EntityDef; record: CrmRecord } | undefined> {
    for (const name of ENTITY_ORDER) {
      const record = await this.storage.records.get(ws, ENTITIES[name], id);
      if (record) return { entity: ENTITIES[name], record };
    }
    return undefined;
  }

  async neighbourhood(ws: string, id: string, depth = 2, perNode = 25): Promise<Neighbourhood> {
    const root = await this.locate(ws, id);
    if (!root) throw notFound('record', id);
    const nodes = new Map<string, GraphNode>([[id, { id, entity: root.entity.name, label: label(root.entity, root.record), depth: 0 }]]);
    const edges = new Map<string, GraphEdge>();
    let truncated = false;
    let frontier: { entity: EntityDef; record: CrmRecord }[] = [root];
    const addEdge = (e: GraphEdge) => edges.set(`${e.from}\u0000${e.type}\u0000${e.to}`, e);

    for (let d = 1; d <= depth && frontier.length > 0; d++) {
      const next: { entity: EntityDef; record: CrmRecord }[] = [];
      const visit = (entity: EntityDef, record: CrmRecord) => {
        if (nodes.has(record.id)) return;
        nodes.set(record.id, { id: record.id, entity: entity.name, label: label(entity, record), depth: d });
        next.push({ entity, record });
      };
      for (const { entity, record } of frontier) {
        // Outgoing: what this record points at.
        for (const { field, parent } of parentRelations(entity)) {
          const ref = record[field.name];
          if (typeof ref !== 'string') continue;
          const target = nodes.has(ref) ? undefined : await this.storage.records.get(ws, parent, ref);
          if (target) visit(parent, target);
          if (nodes.has(ref)) addEdge({ from: record.id, to: ref, type: edgeType(entity.name, field.name) });
        }
        // Incoming: what points at this record, newest first, at most perNode of each kind.
        for (const { child, field } of childRelations(entity.name)) {
          const page = await this.storage.records.list(ws, child, {
            filters: [{ field: field.name, op: 'eq', value: record.id }],
            limit: perNode,
            sort: { field: 'updated_at', direction: 'desc' },
            withTotal: true,
          });
          if ((page.total ?? 0) > page.records.length) truncated = true;
          for (const r of page.records) {
            visit(child, r);
            addEdge({ from: r.id, to: record.id, type: edgeType(child.name, field.name) });
          }
        }
      }
      frontier = next;
    }
    return { root: id, nodes: [...nodes.values()], edges: [...edges.values()], truncated };
  }
}
