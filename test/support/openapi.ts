/** The operations of the served OpenAPI document, for suites that go through every route. */
export type Schema = Record<string, any>;

/** One documented answer: `content` by media type (none for a 204). */
export interface ResponseDoc {
  description?: string;
  content?: Record<string, { schema?: Schema }>;
}

export interface Operation {
  method: string;
  path: string;
  params: { name: string; in: string; required?: boolean; schema?: Schema }[];
  body?: Schema;
  /** Documented answers by status: `200`, `4XX`, `default` … */
  responses: Record<string, ResponseDoc>;
}

export interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, Schema>>;
  components?: { schemas?: Record<string, Schema> };
  [key: string]: unknown;
}

export async function fetchOpenApi(base: string): Promise<OpenApiDoc> {
  return (await (await fetch(`${base}/api/docs/json`)).json()) as OpenApiDoc;
}

export function operationsOf(doc: OpenApiDoc): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      params: (op.parameters ?? []) as Operation['params'],
      body: op.requestBody?.content?.['application/json']?.schema as Schema | undefined,
      responses: (op.responses ?? {}) as Record<string, ResponseDoc>,
    })),
  );
}

export async function apiOperations(base: string): Promise<{ openapi: string; operations: Operation[]; doc: OpenApiDoc }> {
  const doc = await fetchOpenApi(base);
  return { openapi: doc.openapi, operations: operationsOf(doc), doc };
}
