const durationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

type Histogram = { buckets: number[]; sum: number; count: number };

/**
 * The RED metrics (rate, errors, duration) in the Prometheus text format,
 * with no client library: request counts by method, route and status code,
 * and a latency histogram by method and route.
 */
export class HttpMetrics {
  private readonly requests = new Map<string, number>();
  private readonly durations = new Map<string, Histogram>();

  observe(
    method: string,
    route: string,
    statusCode: number,
    seconds: number,
  ): void {
    const requestKey = labels({
      method,
      route,
      status_code: String(statusCode),
    });
    this.requests.set(requestKey, (this.requests.get(requestKey) ?? 0) + 1);

    const durationKey = labels({ method, route });
    const histogram = this.durations.get(durationKey) ?? {
      buckets: durationBuckets.map(() => 0),
      sum: 0,
      count: 0,
    };
    durationBuckets.forEach((bound, index) => {
      if (seconds <= bound) {
        histogram.buckets[index] = (histogram.buckets[index] ?? 0) + 1;
      }
    });
    histogram.sum += seconds;
    histogram.count += 1;
    this.durations.set(durationKey, histogram);
  }

  render(): string {
    const lines = [
      '# HELP http_requests_total HTTP requests handled, by method, route and status code.',
      '# TYPE http_requests_total counter',
    ];
    for (const [key, value] of this.requests) {
      lines.push(`http_requests_total{${key}} ${value}`);
    }
    lines.push(
      '# HELP http_request_duration_seconds HTTP request latency, by method and route.',
      '# TYPE http_request_duration_seconds histogram',
    );
    for (const [key, histogram] of this.durations) {
      durationBuckets.forEach((bound, index) => {
        lines.push(
          `http_request_duration_seconds_bucket{${key},le="${bound}"} ${histogram.buckets[index]}`,
        );
      });
      lines.push(
        `http_request_duration_seconds_bucket{${key},le="+Inf"} ${histogram.count}`,
        `http_request_duration_seconds_sum{${key}} ${histogram.sum}`,
        `http_request_duration_seconds_count{${key}} ${histogram.count}`,
      );
    }
    return `${lines.join('\n')}\n`;
  }
}

function labels(values: Record<string, string>): string {
  return Object.entries(values)
    .map(
      ([name, value]) =>
        `${name}="${value
          .replace(/\\/g, '\\\\')
          .replace(/"/g, '\\"')
          .replace(/\n/g, '\\n')}"`,
    )
    .join(',');
}
