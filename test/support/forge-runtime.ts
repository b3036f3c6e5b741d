/**
 * Forge's platform services as the real @forge/* packages reach them outside Forge: every request goes through
 * `global.__forge_fetch__`. This fake answers the KVS service (`/api/v1/get|set|delete|query`) from a Map, records
 * async-event pushes (`/webhook/queue/publish/…`), and sends product requests (requestJira) to `jira`, if given.
 */
export interface ForgeGlobal {
  __forge_fetch__?: (context: { type: string }, path: string, init: RequestInit) => Promise<Response>;
}

export interface Pushed {
  readonly path: string;
  readonly body: { readonly queueName: string; readonly payload: readonly { readonly body: Record<string, unknown>; readonly delayInSeconds?: number }[] };
}

export interface FakeForge {
  readonly values: Map<string, unknown>;
  readonly pushes: Pushed[];
  readonly products: string[];
  /** Answers the next `n` KVS calls with 429 RATE_LIMIT_EXCEEDED, as Forge does past an installation's quota. */
  refuseKvs(n: number): void;
  install(): void;
  uninstall(): void;
}

export function fakeForge(jira?: (path: string, init: RequestInit) => Promise<Response>): FakeForge {
  const values = new Map<string, unknown>();
  const pushes: Pushed[] = [];
  const products: string[] = [];
  let refusals = 0;
  const kvs = (path: string, body: Record<string, unknown>): Response => {
    if (refusals > 0) {
      refusals--;
      return Response.json({ code: 'RATE_LIMIT_EXCEEDED', message: 'Rate limit exceeded' }, { status: 429 });
    }
    const key = typeof body.key === 'string' ? body.key : '';
    switch (path) {
      case '/api/v1/get':
        return values.has(key) ? Response.json({ key, value: values.get(key) }) : Response.json({ code: 'KEY_NOT_FOUND', message: `no ${key}` }, { status: 404 });
      case '/api/v1/set': {
        const policy = (body.options as { keyPolicy?: string } | undefined)?.keyPolicy;
        if (policy === 'FAIL_IF_EXISTS' && values.has(key)) return Response.json({ code: 'KEY_CONFLICT', message: `${key} exists` }, { status: 409 });
        values.set(key, body.value);
        return new Response(null, { status: 204 });
      }
      case '/api/v1/delete':
        values.delete(key);
        return new Response(null, { status: 204 });
      case '/api/v1/query': {
        const where = (body.where as { values: string[] }[] | undefined)?.[0];
        const limit = Number(body.limit ?? 10);
        const keys = [...values.keys()].filter((k) => where === undefined || k.startsWith(where.values[0] ?? '')).sort();
        const from = typeof body.after === 'string' ? Number(body.after) : 0;
        const page = keys.slice(from, from + limit);
        return Response.json({ data: page.map((k) => ({ key: k, value: values.get(k) })), ...(from + limit < keys.length ? { cursor: String(from + limit) } : {}) });
      }
      default:
        return Response.json({ code: 'NOT_FOUND', message: path }, { status: 404 });
    }
  };
  const handler = async (context: { type: string }, path: string, init: RequestInit): Promise<Response> => {
    if (context.type === 'kvs') return kvs(path, JSON.parse(init.body as string) as Record<string, unknown>);
    if (path.startsWith('/webhook/queue/publish/')) {
      pushes.push({ path, body: JSON.parse(init.body as string) as Pushed['body'] });
      return Response.json({}, { status: 201 });
    }
    products.push(path);
    if (jira !== undefined) return jira(path, init);
    return new Response('no product here', { status: 500 });
  };
  return {
    values,
    pushes,
    products,
    refuseKvs: (n) => { refusals = n; },
    install: () => { (globalThis as ForgeGlobal).__forge_fetch__ = handler; },
    uninstall: () => { delete (globalThis as ForgeGlobal).__forge_fetch__; },
  };
}
