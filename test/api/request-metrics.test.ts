import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { RequestMetrics } from '../../src/delivery/api/request-metrics.js';

/** Parses `name{labels} value` lines of Prometheus text into a lookup by the whole left-hand side. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.trim()) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

describe('request metrics counted per route', () => {
  it('renders counts per status and a cumulative histogram per route as prom-client would', async () => {
    const registry = new Registry();
    const metrics = new RequestMetrics(registry, { requests: 't_requests_total', duration: 't_duration_seconds' }, [0.01, 0.1, 1]);
    metrics.record('GET', '/api/contacts/:id', 200, 0.005);
    metrics.record('GET', '/api/contacts/:id', 200, 0.01); // on a bound: counted in that bucket (le is ≤)
    metrics.record('GET', '/api/contacts/:id', 404, 0.5);
    metrics.record('GET', '/api/contacts/:id', 200, 3); // above every bound: only +Inf
    metrics.record('POST', '/api/contacts', 201, 0.05);
    const text = await registry.metrics();
    expect(text).toContain('# TYPE t_requests_total counter');
    expect(text).toContain('# TYPE t_duration_seconds histogram');
    const s = samples(text);
    expect(s.get('t_requests_total{method="GET",route="/api/contacts/:id",status="200"}')).toBe(3);
    expect(s.get('t_requests_total{method="GET",route="/api/contacts/:id",status="404"}')).toBe(1);
    expect(s.get('t_requests_total{method="POST",route="/api/contacts",status="201"}')).toBe(1);
    const get = 'method="GET",route="/api/contacts/:id"';
    expect(s.get(`t_duration_seconds_bucket{${get},le="0.01"}`)).toBe(2);
    expect(s.get(`t_duration_seconds_bucket{${get},le="0.1"}`)).toBe(2);
    expect(s.get(`t_duration_seconds_bucket{${get},le="1"}`)).toBe(3);
    expect(s.get(`t_duration_seconds_bucket{${get},le="+Inf"}`)).toBe(4);
    expect(s.get(`t_duration_seconds_count{${get}}`)).toBe(4);
    expect(s.get(`t_duration_seconds_sum{${get}}`)).toBeCloseTo(3.515, 10);
    expect(s.get('t_duration_seconds_bucket{method="POST",route="/api/contacts",le="0.01"}')).toBe(0);
    expect(s.get('t_duration_seconds_bucket{method="POST",route="/api/contacts",le="0.1"}')).toBe(1);
  });

  it('starts again from zero when the registry is reset', async () => {
    const registry = new Registry();
    const metrics = new RequestMetrics(registry, { requests: 'r_total', duration: 'r_seconds' }, [1]);
    metrics.record('GET', '/health', 200, 0.001);
    registry.resetMetrics();
    expect(samples(await registry.metrics()).size).toBe(0);
  });
});
