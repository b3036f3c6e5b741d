import type { JsonValue } from './model';

/**
 * JSON values walked with a list of what is still to see, never by recursion: a value nested thousands of levels
 * deep (an uploaded rule, a gadget's settings) is read like any other and cannot exhaust the stack.
 */

/** Whether `v` is a JSON value (strings, finite numbers, booleans, null, arrays and plain objects of them). */
export function isJsonValue(v: unknown): v is JsonValue {
  const todo: unknown[] = [v];
  for (let n = 0; n < todo.length; n++) {
    const x = todo[n];
    if (x === null || typeof x === 'string' || typeof x === 'boolean') continue;
    if (typeof x === 'number') {
      if (!Number.isFinite(x)) return false;
      continue;
    }
    if (Array.isArray(x)) {
      for (const item of x) todo.push(item);
      continue;
    }
    if (typeof x !== 'object') return false;
    const proto = Object.getPrototypeOf(x) as unknown;
    if (proto !== Object.prototype && proto !== null) return false;
    for (const key in x) todo.push((x as Record<string, unknown>)[key]);
  }
  return true;
}

/**
 * A copy of a JSON value with every string passed through `text` and object members whose key `keep` refuses left
 * out, at any depth.
 */
export function copyJson(v: JsonValue, text: (s: string) => string, keep: (key: string) => boolean): JsonValue {
  const leaf = (x: JsonValue): JsonValue | undefined => (typeof x === 'string' ? text(x) : typeof x !== 'object' || x === null ? x : undefined);
  const top = leaf(v);
  if (top !== undefined) return top;
  const root: JsonValue[] | Record<string, JsonValue> = Array.isArray(v) ? [] : {};
  // Each entry: a container of the source and its (still empty) copy.
  const todo: [JsonValue, JsonValue[] | Record<string, JsonValue>][] = [[v, root]];
  for (let next = todo.pop(); next !== undefined; next = todo.pop()) {
    const [from, to] = next;
    const place = (key: string | number, child: JsonValue): void => {
      const simple = leaf(child);
      const value: JsonValue[] | Record<string, JsonValue> | JsonValue = simple !== undefined ? simple : Array.isArray(child) ? [] : {};
      if (Array.isArray(to)) to.push(value);
      else (to)[key] = value;
      if (simple === undefined) todo.push([child, value as JsonValue[] | Record<string, JsonValue>]);
    };
    if (Array.isArray(from)) (from as readonly JsonValue[]).forEach((child, i) => { place(i, child); });
    else for (const [k, child] of Object.entries(from as Record<string, JsonValue>)) if (keep(k)) place(k, child);
  }
  return root;
}

/**
 * `JSON.stringify` of plain data, without recursion: V8's own gives up near 4,000 levels, where this goes on.
 * Same text as `JSON.stringify` for what JSON.parse gives (members whose value is undefined or a function are left
 * out, as there; in an array they become null).
 */
export function stringifyJson(v: unknown): string {
  const leaf = (x: unknown): string | undefined => {
    if (x === null) return 'null';
    if (typeof x === 'string') return JSON.stringify(x);
    if (typeof x === 'number') return Number.isFinite(x) ? String(x) : 'null';
    if (typeof x === 'boolean') return x ? 'true' : 'false';
    if (typeof x === 'object') return undefined;
    return '';
  };
  const top = leaf(v);
  if (top !== undefined) return top;
  const out: string[] = [];
  type Frame = { readonly close: string; readonly items: readonly [string | undefined, unknown][]; i: number };
  const open = (x: object): Frame => {
    if (Array.isArray(x)) {
      out.push('[');
      return { close: ']', items: (x as unknown[]).map((item) => [undefined, item === undefined || typeof item === 'function' ? null : item]), i: 0 };
    }
    out.push('{');
    return { close: '}', items: Object.entries(x).filter(([, item]) => item !== undefined && typeof item !== 'function'), i: 0 };
  };
  const stack: Frame[] = [open(v as object)];
  for (let frame = stack.at(-1); frame !== undefined; frame = stack.at(-1)) {
    if (frame.i === frame.items.length) {
      out.push(frame.close);
      stack.pop();
      continue;
    }
    const [key, item] = frame.items[frame.i] as [string | undefined, unknown];
    if (frame.i > 0) out.push(',');
    frame.i++;
    if (key !== undefined) out.push(JSON.stringify(key), ':');
    const text = leaf(item);
    if (text !== undefined) out.push(text);
    else stack.push(open(item as object));
  }
  return out.join('');
}

/** How deep a JSON value nests (a scalar is 0, `[1]` is 1), counted without recursion; stops counting past `limit`. */
export function jsonDepth(v: unknown, limit = Number.POSITIVE_INFINITY): number {
  let deepest = 0;
  const todo: [unknown, number][] = [[v, 0]];
  for (let next = todo.pop(); next !== undefined; next = todo.pop()) {
    const [x, depth] = next;
    if (typeof x !== 'object' || x === null) continue;
    const d = depth + 1;
    if (d > deepest) deepest = d;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(x) ? x : Object.values(x)) if (typeof child === 'object' && child !== null) todo.push([child, d]);
  }
  return deepest;
}
