/**
 * Request counts and durations per route, counted on every request. prom-client's Counter.inc and Histogram.observe
 * validate the labels and build a hash string from them on each call — a few microseconds per request, several
 * per cent of a get-by-id. Here a request costs two Map look-ups and a bucket increment; prom-client's registry
 * still renders the text (it asks each metric for its values at scrape time), so the exposition is unchanged:
 * `crm_http_requests_total{method,route,status}` and the histogram `crm_http_request_duration_seconds{method,route}`.
 */
import type { Metric, Registry } from 'prom-client';

interface RouteTally {
  readonly method: string;
  readonly route: string;
  /** Requests per status code. */
  readonly statuses: Map<number, number>;
  /** Observations per bucket (not cumulative); the last slot is above the largest bound. */
  readonly buckets: Float64Array;
  sum: number;
  count: number;
}

interface MetricValue {
  value: number;
  labels: Record<string, string | number>;
  metricName?: string;
}

export class RequestMetrics {
  /** route → method → tally: no key string is built per request. */
  private readonly tallies = new Map<string, Map<string, RouteTally>>();

  constructor(
    registry: Registry,
    private readonly names: { requests: string; duration: string },
    private readonly bounds: readonly number[],
  ) {
    this.register(registry, names.requests, 'HTTP requests answered, by route (the declared path) and status', 'counter', () => this.requestValues());
    this.register(registry, names.duration, 'Time to answer an HTTP request, by route', 'histogram', () => this.durationValues());
  }

  record(method: string, route: string, status: number, seconds: number): void {
    let byMethod = this.tallies.get(route);
    if (!byMethod) this.tallies.set(route, (byMethod = new Map()));
    let tally = byMethod.get(method);
    if (!tally) byMethod.set(method, (tally = { method, route, statuses: new Map(), buckets: new Float64Array(this.bounds.length + 1), sum: 0, count: 0 }));
    tally.statuses.set(status, (tally.statuses.get(status) ?? 0) + 1);
    let b = 0;
    while (b < this.bounds.length && seconds > this.bounds[b]!) b++;
    tally.buckets[b]!++;
    tally.sum += seconds;
    tally.count++;
  }

  private *each(): Generator<RouteTally> {
    for (const byMethod of this.tallies.values()) yield* byMethod.values();
  }

  private requestValues(): MetricValue[] {
    const values: MetricValue[] = [];
    for (const t of this.each()) for (const [status, n] of t.statuses) values.push({ value: n, labels: { method: t.method, route: t.route, status: String(status) } });
    return values;
  }

  private durationValues(): MetricValue[] {
    const name = this.names.duration;
    const values: MetricValue[] = [];
    for (const t of this.each()) {
      const labels = { method: t.method, route: t.route };
      let cumulative = 0;
      this.bounds.forEach((le, i) => {
        cumulative += t.buckets[i]!;
        values.push({ value: cumulative, labels: { ...labels, le }, metricName: `${name}_bucket` });
      });
      values.push({ value: t.count, labels: { ...labels, le: '+Inf' }, metricName: `${name}_bucket` });
      values.push({ value: t.sum, labels, metricName: `${name}_sum` });
      values.push({ value: t.count, labels, metricName: `${name}_count` });
    }
    return values;
  }

  /** A metric as prom-client's registry reads one: its name, help and type, and its values when scraped. */
  private register(registry: Registry, name: string, help: string, type: 'counter' | 'histogram', values: () => MetricValue[]): void {
    const metric = {
      name,
      help,
      type,
      aggregator: 'sum',
      get: async () => ({ name, help, type, aggregator: 'sum', values: values() }),
      reset: () => this.tallies.clear(),
    };
    registry.registerMetric(metric as unknown as Metric);
  }
}
