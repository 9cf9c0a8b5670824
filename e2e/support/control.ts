// The local server's test-control API (loopback only): inject faults, drop connections, read what the server saw.
export class ControlClient {
  constructor(readonly baseUrl: string) {}

  private async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.baseUrl}/${path}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  }

  faults(body: unknown): Promise<unknown> {
    return this.request('POST', 'faults', body);
  }

  dropConnections(body: unknown = {}): Promise<unknown> {
    return this.request('POST', 'drop-connections', body);
  }

  log(): Promise<unknown> {
    return this.request('GET', 'log');
  }
}
