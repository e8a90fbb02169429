/** The operations of the served OpenAPI document, for suites that go through every route. */
export type Schema = Record<string, any>;

export interface Operation {
  method: string;
  path: string;
  params: { name: string; in: string; required?: boolean; schema?: Schema }[];
  body?: Schema;
}

export async function apiOperations(base: string): Promise<{ openapi: string; operations: Operation[] }> {
  const doc = (await (await fetch(`${base}/api/docs/json`)).json()) as { openapi: string; paths: Record<string, Record<string, Schema>> };
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      params: (op.parameters ?? []) as Operation['params'],
      body: op.requestBody?.content?.['application/json']?.schema as Schema | undefined,
    })),
  );
  return { openapi: doc.openapi, operations };
}
