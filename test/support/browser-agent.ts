/**
 * A minimal browser for form-based flows over plain HTTP: keeps cookies (per path, as the gateway
 * scopes them), follows nothing by itself, and reads the hidden `login_tx` of a page.
 */
export class BrowserAgent {
  private readonly cookies = new Map<string, { value: string; path: string }>();

  async get(url: string): Promise<PageResponse> {
    return this.send(url, { method: 'GET' });
  }

  async post(url: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<PageResponse> {
    return this.send(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });
  }

  cookieNames(): string[] {
    return [...this.cookies.keys()];
  }

  cookieValues(): string[] {
    return [...this.cookies.values()].map((cookie) => cookie.value);
  }

  forget(name: string): void {
    this.cookies.delete(name);
  }

  private async send(url: string, init: RequestInit): Promise<PageResponse> {
    const path = new URL(url).pathname;
    const cookie = [...this.cookies]
      .filter(([, c]) => path.startsWith(c.path))
      .map(([name, c]) => `${name}=${c.value}`)
      .join('; ');
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), ...(cookie && { cookie }) },
    });
    for (const header of response.headers.getSetCookie()) this.store(header);
    const body = await response.text();
    return new PageResponse(response.status, response.headers, body);
  }

  private store(header: string): void {
    const [pair, ...attributes] = header.split(';').map((part) => part.trim());
    const [name, ...value] = pair.split('=');
    const path = attributes.find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
    const expired = attributes.some((a) => /^max-age=0$/i.test(a) || /^expires=thu, 01 jan 1970/i.test(a));
    if (expired || value.join('=') === '') this.cookies.delete(name);
    else this.cookies.set(name, { value: value.join('='), path });
  }
}

export class PageResponse {
  constructor(
    readonly status: number,
    readonly headers: Headers,
    readonly body: string,
  ) {}

  get location(): string {
    const location = this.headers.get('location');
    if (!location) throw new Error(`expected a redirect, got ${this.status}: ${this.body.slice(0, 300)}`);
    return location;
  }

  get loginTx(): string {
    const match = /name="login_tx" value="([^"]+)"/.exec(this.body);
    if (!match) throw new Error(`no login_tx on the page (status ${this.status}): ${this.body.slice(0, 300)}`);
    return match[1];
  }
}
