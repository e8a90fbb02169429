/**
 * The object declarations (src/core) drive the API: which routes each object has (merge, timeline, similar,
 * scores), and the enums the served OpenAPI document gives (objects, list objects, roles, token scopes, event
 * kinds). The routes are the same on either database, so one (SQLite) answers for both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, TOKEN_SCOPES } from '../../src/core/access.js';
import { ENTITIES, ENTITY_ORDER, LIST_PLURALS, SCORE_TARGETS, entitiesWith } from '../../src/core/entities.js';
import { ACCOUNT_EVENT_KINDS, CHANGE_SOURCES, OUTCOME_KINDS, RECORD_EVENT_KINDS } from '../../src/core/events.js';
import { HashingProvider } from '../../src/intelligence/embeddings/index.js';
import { createIntelligence, type Intelligence } from '../../src/intelligence/index.js';
import { openTestCrm } from '../support/backends.js';
import type { OpenApiDoc, Schema } from '../support/openapi.js';
import { serveForTest, type Call, type TestServer } from '../support/serve.js';

describe('the declarations drive the routes and the OpenAPI document', () => {
  let server: TestServer;
  let cleanup: () => Promise<void>;
  let intelligence: Intelligence;
  let doc: OpenApiDoc;
  const call: Call = (...a) => server.call(...a);
  const component = (name: string): Schema => doc.components!.schemas![name]!;
  /** The JSON schema of a route's 200 answer. */
  const answer = (path: string, method = 'get'): Schema => doc.paths[path]![method]!.responses['200'].content['application/json'].schema;

  beforeAll(async () => {
    const opened = await openTestCrm('sqlite');
    cleanup = opened.cleanup;
    // With the intelligence layer: similar records and scores are among the capabilities.
    intelligence = createIntelligence(opened.ctx.crm, { provider: new HashingProvider(16), worker: false });
    await intelligence.start();
    server = await serveForTest({ crm: opened.ctx.crm, intelligence });
    doc = (await call('GET', '/api/docs/json')).body as OpenApiDoc;
  });
  afterAll(async () => {
    await server?.close();
    await intelligence?.stop();
    await cleanup?.();
  });

  it('gives each object the routes of the capabilities it declares, and no others', () => {
    for (const name of ENTITY_ORDER) {
      const base = `/api/${ENTITIES[name].plural}`;
      expect(Boolean(doc.paths[`${base}/merge`]), `${name} merge`).toBe(entitiesWith('merge').includes(name));
      expect(Boolean(doc.paths[`${base}/{id}/timeline`]), `${name} timeline`).toBe(entitiesWith('timeline').includes(name));
      expect(Boolean(doc.paths[`${base}/{id}/similar`]), `${name} similar`).toBe(entitiesWith('similar').includes(name));
    }
  });

  it('scores the rows of scored objects only', async () => {
    for (const name of ENTITY_ORDER) {
      const answered = await call('GET', `/api/${ENTITIES[name].plural}?include=score&limit=1`);
      expect(answered.status, name).toBe(ENTITIES[name].capabilities.score ? 200 : 400);
    }
  });

  it('documents the enums the declarations hold', () => {
    expect(component('SavedView').properties.object.enum).toEqual([...LIST_PLURALS]);
    expect(component('ApiToken').properties.scope.enum).toEqual([...TOKEN_SCOPES]);
    expect(component('Member').properties.role.enum).toEqual([...ROLES]);
    expect(component('AccountEvent').properties.kind.enum).toEqual([...ACCOUNT_EVENT_KINDS]);
    expect(component('Outcome').properties.kind.enum).toEqual([...OUTCOME_KINDS]);
    expect(component('Experiment').properties.target.enum).toEqual([...SCORE_TARGETS]);
    expect(answer('/api/deals/{id}/stage-history').properties.data.items.properties.source.enum).toEqual([...CHANGE_SOURCES]);
    expect(answer('/api/query', 'post').properties.entity.enum).toEqual([...ENTITY_ORDER]);
    // A timeline's events are record changes of a declared object.
    const event = (answer('/api/contacts/{id}/timeline').properties.items.items.oneOf ?? answer('/api/contacts/{id}/timeline').properties.items.items.anyOf).find(
      (s: Schema) => s.properties?.type?.enum?.[0] === 'event',
    );
    expect(event.properties.entity.enum).toEqual([...ENTITY_ORDER]);
    expect(event.properties.kind.enum).toEqual([...RECORD_EVENT_KINDS]);
  });
});
