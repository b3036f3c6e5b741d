import { readdirSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { snapshotSchema } from '../../src/adapters/fixture/snapshot-schema';
import type { ConfigSnapshot } from '../../src/domain/model';

const DIR = new URL('../fixtures/real-shapes/', import.meta.url).pathname;

/** Snapshot collections, checked with the production snapshot schema so the corpus cannot drift from it. */
const additions = snapshotSchema.pick({ fields: true, statuses: true, groups: true, projectRoles: true, resolutions: true, filters: true, dashboards: true }).partial();

const shapeFile = z.strictObject({
  shape: z.string().min(1),
  source: z.string().min(1),
  extraItems: z.record(z.string().startsWith('/rest/'), z.array(z.unknown())).optional(),
  snapshot: additions.optional(),
  expect: z.strictObject({
    objects: z.array(z.string()),
    references: z.array(z.string().regex(/^[a-z-]+:\S+ -> [a-z-]+:\S+$/)),
    gaps: z.array(z.string()).optional(),
  }),
});

export type RealShape = z.infer<typeof shapeFile> & { readonly file: string };

/** Every shape of `test/fixtures/real-shapes/`, validated. */
export function loadRealShapes(): RealShape[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.json') && f !== 'site.json')
    .sort()
    .map((file) => {
      const parsed = shapeFile.safeParse(JSON.parse(readFileSync(DIR + file, 'utf8')));
      if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
      return { ...parsed.data, file };
    });
}

/** The objects the shapes refer to, added to every site the shapes are mixed into. */
export function realShapesSite(): z.infer<typeof additions> {
  const parsed = additions.safeParse(JSON.parse(readFileSync(`${DIR}site.json`, 'utf8')));
  if (!parsed.success) throw new Error(`site.json: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** `base` with the collections of `extra` appended. */
export function withObjects(base: ConfigSnapshot, extra: z.infer<typeof additions>): ConfigSnapshot {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(extra)) out[k] = [...(base[k as keyof typeof extra] as readonly unknown[]), ...v];
  return out as unknown as ConfigSnapshot;
}

/** The extra raw items of several shapes, merged by endpoint. */
export function extraItemsOf(shapes: readonly RealShape[]): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const s of shapes) for (const [path, items] of Object.entries(s.extraItems ?? {})) (out[path] ??= []).push(...items);
  return out;
}
