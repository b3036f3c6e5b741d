import { readFileSync } from 'node:fs';
import { validate } from '@forge/manifest';
import { setupServer } from 'msw/node';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeJiraHandlers } from '../src/adapters/fake-jira/handlers';
import { JOB_QUEUE_KEY } from '../src/adapters/forge/forge-queue';
import { exchangesOfTheApp } from './support/app-requests';
import { operationFor } from './support/openapi';
import { loadSample } from './support/sample';

interface Operation {
  readonly security?: readonly Record<string, readonly string[]>[];
  readonly 'x-atlassian-oauth2-scopes'?: readonly { readonly scopes: readonly string[] }[];
}
type Paths = Readonly<Record<string, Readonly<Record<string, Operation>>>>;

// The JSM operations come from a subset written from Atlassian's reference pages (no JSM document is vendored).
const OPENAPI = [...['platform.v3.json', 'software.v3.json'].map((f) => new URL(`../../shared/jira-openapi/${f}`, import.meta.url)), new URL('../scripts/jsm-openapi-subset.json', import.meta.url)].map(
  (u) => (JSON.parse(readFileSync(u, 'utf8')) as { paths: Paths }).paths,
);
const manifest = parse(readFileSync(new URL('../manifest.yml', import.meta.url), 'utf8')) as {
  modules: {
    function: { key: string; handler: string; timeoutSeconds?: number }[];
    consumer: { queue: string; function: string }[];
    'jira:adminPage': { resource: string; resolver: { function: string } }[];
    scheduledTrigger: { key: string; function: string; interval: string }[];
  };
  resources: { key: string; path: string }[];
  app: { runtime: { name: string } };
  permissions: { scopes: string[]; content?: { styles?: string[] } };
};

/** Each way an operation may be authorised: all the scopes of one alternative (classic or granular). */
function alternatives(op: Operation): string[][] {
  const out = (op.security ?? []).flatMap((s) => (s.OAuth2 === undefined ? [] : [[...s.OAuth2]]));
  for (const x of op['x-atlassian-oauth2-scopes'] ?? []) out.push([...x.scopes]);
  return out.filter((a) => a.length > 0);
}
const covered = (op: Operation, scopes: ReadonlySet<string>): boolean => alternatives(op).some((a) => a.every((s) => scopes.has(s)));

const SITE = 'https://fake-jira.test';
const server = setupServer(...createFakeJiraHandlers(loadSample(), { pageCaps: { 'priorityscheme-items': 2 } }));
beforeAll(() => { server.listen({ onUnhandledFrame: 'error' }); });
afterAll(() => { server.close(); });

describe('manifest.yml', () => {
  it('passes @forge/manifest validation (schema, modules, handlers, resources)', async () => {
    const result = await validate(false, 'manifest.yml');
    expect(result.errors ?? []).toEqual([]);
    expect(result.success).toBe(true);
  });

  it('runs on nodejs22.x, with a resolver, a 900 s consumer on the queue the code pushes to and a daily scheduled trigger, all exported by src/index.ts', async () => {
    expect(manifest.app.runtime.name).toBe('nodejs22.x');
    const page = manifest.modules['jira:adminPage'][0]!;
    expect(manifest.resources.find((r) => r.key === page.resource)?.path).toBe('static/admin-page/build');
    const fn = (key: string) => manifest.modules.function.find((f) => f.key === key)!;
    const consumer = manifest.modules.consumer[0]!;
    expect(consumer.queue).toBe(JOB_QUEUE_KEY);
    expect(fn(consumer.function).timeoutSeconds).toBe(900);
    const entry = (await import('../src/index')) as Record<string, unknown>;
    // The scheduled trigger runs daily; the app decides whether a daily or weekly scan is due.
    const trigger = manifest.modules.scheduledTrigger[0]!;
    expect(trigger.interval).toBe('day');
    for (const key of [page.resolver.function, consumer.function, trigger.function]) {
      const [file, name] = fn(key).handler.split('.');
      expect(file).toBe('index');
      expect(typeof entry[name!]).toBe('function');
    }
  });

  it('declares exactly the scopes the endpoints the app calls need: each endpoint covered, no scope to spare', async () => {
    const endpoints = new Map<string, Operation>();
    for (const { method, path } of await exchangesOfTheApp(SITE, loadSample())) {
      const found = operationFor(OPENAPI, method, path);
      expect(found, `${method} ${path} is in Atlassian's OpenAPI documents`).toBeDefined();
      if (found !== undefined) endpoints.set(`${method} ${found.template}`, found.operation);
    }
    expect(endpoints.size).toBeGreaterThan(40);
    const scopes = new Set(manifest.permissions.scopes);
    const uncovered = [...endpoints].filter(([, op]) => !covered(op, scopes)).map(([t]) => t);
    expect(uncovered).toEqual([]);
    const spare = [...scopes].filter((s) => s !== 'storage:app').filter((s) => {
      const without = new Set([...scopes].filter((x) => x !== s));
      return [...endpoints.values()].every((op) => covered(op, without));
    });
    expect(spare).toEqual([]);
    // storage:app is for Forge KVS, which the app's store adapter uses.
    expect(scopes.has('storage:app')).toBe(true);
    expect(readFileSync(new URL('../src/adapters/forge/forge-kvs.ts', import.meta.url), 'utf8')).toContain("from '@forge/kvs'");
  });

  it('lets the Atlassian Design System inline its styles and asks for no egress', () => {
    expect(manifest.permissions.content?.styles).toEqual(['unsafe-inline']);
    expect(Object.keys(manifest.permissions)).not.toContain('external');
  });
});
