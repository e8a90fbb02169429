/**
 * The API's answers as zod schemas: the contract between the server and its clients. Plain data with no Node or
 * Fastify imports, so the web app derives its types from the same declarations (`import type` + `z.infer`).
 * The routes declare these in `schema.response` (responses.ts puts them into the OpenAPI document); every answer
 * is serialized through them, so one that does not match is a 500, which the fuzz suite would catch. Objects
 * whose keys are fixed are strict; those carrying open-ended data are loose and document the keys always there.
 * Their enums (objects, roles, scopes, event kinds, score targets) come from the declarations in src/core.
 * One file per area under contract/; answers about records take the record's own schema (core/record-schema.ts).
 */
export * from './contract/common.js';
export * from './contract/access.js';
export * from './contract/records.js';
export * from './contract/deals.js';
export * from './contract/imports.js';
export * from './contract/workspace.js';
export * from './contract/scoring.js';
export * from './contract/memory.js';
export * from './contract/nba.js';
export * from './contract/ingest.js';
