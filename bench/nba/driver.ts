/**
 * One policy's run against a live server, through the issue-18 contract only: for each step the simulator names
 * the contact and the time, the bench asks `GET /api/contacts/{id}/next-action?policy=P`, draws the response to
 * the action the server chose and posts it to `POST /api/recommendations/{id}/outcome` with `at` = the step's
 * simulated time.
 */
import { isAction } from './response-model.js';
import { Trajectory, World, type StepResult } from './simulator.js';
import type { LiveServer } from './server.js';

const REQUEST_TIMEOUT_MS = 60_000;

export interface HttpRun {
  results: StepResult[];
  /** Client-measured round trips, ms. */
  nextActionMs: number[];
  outcomeMs: number[];
  /** The server's stated confidence in its choice at each step (probabilityBest), for the report. */
  probabilityBest: number[];
}

/** One request as the server's owner: status, the body as JSON (or text), and the client-measured time. */
export async function call(server: LiveServer, method: string, url: string, body?: unknown, timeoutMs = REQUEST_TIMEOUT_MS): Promise<{ status: number; json: unknown; ms: number }> {
  const t = performance.now();
  const res = await fetch(`${server.base}${url}`, {
    method,
    headers: body === undefined ? { authorization: server.headers.authorization! } : server.headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  const ms = performance.now() - t;
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
  }
  return { status: res.status, json, ms };
}

const describe = (json: unknown) => (typeof json === 'string' ? json : JSON.stringify(json)).slice(0, 300);

/** What the loop needs of a simulation: who is up next and when, and the response to an action (another world's trajectory, e.g. bench/nba/heldout). */
export type StepSource = Pick<Trajectory, 'peek' | 'act'>;

/** `world`: a fresh trajectory through it is made; or a StepSource of another world, used as it is. */
export async function runOverHttp(world: World | StepSource, steps: number, policy: string, server: LiveServer, progress?: (done: number, results: StepResult[]) => void): Promise<HttpRun> {
  const trajectory = world instanceof World ? new Trajectory(world) : world;
  const run: HttpRun = { results: [], nextActionMs: [], outcomeMs: [], probabilityBest: [] };
  for (let i = 0; i < steps; i++) {
    const { contact, at } = trajectory.peek();
    server.setTime(at);
    const asked = await call(server, 'GET', `/api/contacts/${encodeURIComponent(contact.id)}/next-action?policy=${encodeURIComponent(policy)}`);
    if (asked.status !== 200) throw new Error(`step ${i + 1}: GET next-action for ${contact.id} (policy ${policy}) answered ${asked.status}: ${describe(asked.json)}`);
    const answer = asked.json as { recommendationId?: unknown; action?: unknown; probabilityBest?: unknown };
    if (typeof answer.recommendationId !== 'string' || typeof answer.action !== 'string') throw new Error(`step ${i + 1}: next-action for ${contact.id} has no recommendationId/action: ${describe(asked.json)}`);
    if (!isAction(answer.action)) throw new Error(`step ${i + 1}: the server recommended "${answer.action}", which the simulator's catalog (the default one) does not hold`);
    const result = trajectory.act(answer.action);
    const posted = await call(server, 'POST', `/api/recommendations/${encodeURIComponent(answer.recommendationId)}/outcome`, {
      outcome: result.responded ? 'responded' : 'no_response',
      at: new Date(at).toISOString(),
    });
    if (posted.status !== 204) throw new Error(`step ${i + 1}: POST outcome of ${answer.recommendationId} answered ${posted.status}: ${describe(posted.json)}`);
    run.results.push(result);
    run.nextActionMs.push(asked.ms);
    run.outcomeMs.push(posted.ms);
    run.probabilityBest.push(typeof answer.probabilityBest === 'number' ? answer.probabilityBest : NaN);
    progress?.(i + 1, run.results);
  }
  return run;
}
