/**
 * Atlassian Document Format (rich text in Jira Cloud's REST API v3) to plain text: paragraphs, headings, list
 * items, code blocks, quotes and table rows each on their own line(s); hard breaks as newlines; mentions, emoji,
 * dates, statuses and cards as their text. Unknown nodes contribute the text of their children.
 * @see https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/
 */

type Node = { readonly type?: unknown; readonly text?: unknown; readonly attrs?: unknown; readonly content?: unknown; readonly marks?: unknown };

const BLOCKS = new Set(['paragraph', 'heading', 'codeBlock', 'blockquote', 'panel', 'rule', 'mediaSingle', 'mediaGroup', 'expand', 'nestedExpand', 'decisionList', 'taskList']);

function attr(node: Node, name: string): string | undefined {
  const attrs = node.attrs;
  if (typeof attrs !== 'object' || attrs === null) return undefined;
  const v = (attrs as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

function linkHref(node: Node): string | undefined {
  const marks = (node as { marks?: unknown }).marks;
  if (!Array.isArray(marks)) return undefined;
  for (const m of marks as unknown[]) {
    if (typeof m !== 'object' || m === null || (m as { type?: unknown }).type !== 'link') continue;
    const href = attr(m, 'href');
    if (href !== undefined && href !== '') return href;
  }
  return undefined;
}

function children(node: Node): Node[] {
  return Array.isArray(node.content) ? (node.content as unknown[]).filter((c): c is Node => typeof c === 'object' && c !== null) : [];
}

/** Nodes deeper than this are read as plain text, without recursion (a document cannot exhaust the stack). */
const MAX_DEPTH = 100;

/** The text of every `text` node under `node`, in order, walked with a list. */
function flatText(node: Node): string {
  let out = '';
  const todo: Node[] = [node];
  for (let n = todo.pop(); n !== undefined; n = todo.pop()) {
    if (n.type === 'text' && typeof n.text === 'string') out += n.text;
    else if (n.type === 'hardBreak') out += '\n';
    const c = children(n);
    for (let i = c.length - 1; i >= 0; i--) todo.push(c[i] as Node);
  }
  return out;
}

function inline(node: Node, depth = 0): string {
  if (depth > MAX_DEPTH) return flatText(node);
  switch (node.type) {
    case 'text': {
      const text = typeof node.text === 'string' ? node.text : '';
      // A link mark: the text, then the URL, so a CSV cell keeps where the link went.
      const href = linkHref(node);
      return href === undefined || href === text ? text : `${text} ${href}`;
    }
    case 'hardBreak':
      return '\n';
    case 'mention':
      return attr(node, 'text') ?? `@${attr(node, 'id') ?? ''}`;
    case 'emoji':
      return attr(node, 'text') ?? attr(node, 'shortName') ?? '';
    case 'date': {
      const ts = attr(node, 'timestamp');
      return ts === undefined ? '' : new Date(Number(ts)).toISOString().slice(0, 10);
    }
    case 'status':
      return attr(node, 'text') ?? '';
    case 'inlineCard':
    case 'blockCard':
    case 'embedCard': {
      // A card holds a URL, or JSON-LD `data` with a name and a URL: the name (when there is one), then the URL.
      const data = typeof node.attrs === 'object' && node.attrs !== null ? (node.attrs as { data?: unknown }).data : undefined;
      const d = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
      const url = attr(node, 'url') ?? (typeof d.url === 'string' ? d.url : '');
      const name = typeof d.name === 'string' ? d.name : '';
      return name === '' || name === url ? url : `${name} ${url}`.trim();
    }
    default:
      return children(node).map((c) => inline(c, depth + 1)).join('');
  }
}

function blocks(node: Node, out: string[], prefix = '', depth = 0): void {
  if (depth > MAX_DEPTH) {
    for (const line of flatText(node).split('\n')) out.push(prefix + line);
    return;
  }
  const d = depth + 1;
  switch (node.type) {
    case 'bulletList':
    case 'orderedList': {
      let n = Number(attr(node, 'order') ?? 1);
      for (const item of children(node)) {
        const marker = node.type === 'bulletList' ? '- ' : `${n++}. `;
        const lines: string[] = [];
        for (const c of children(item)) blocks(c, lines, '', d);
        lines.forEach((line, i) => out.push(`${prefix}${i === 0 ? marker : ' '.repeat(marker.length)}${line}`));
      }
      return;
    }
    case 'table':
      for (const row of children(node)) out.push(prefix + children(row).map((cell) => { const lines: string[] = []; for (const c of children(cell)) blocks(c, lines, '', d); return lines.join(' '); }).join('\t'));
      return;
    case 'blockquote':
      for (const c of children(node)) blocks(c, out, `${prefix}> `, d);
      return;
    case 'rule':
      out.push(`${prefix}---`);
      return;
    default:
      if (typeof node.type === 'string' && (BLOCKS.has(node.type) || node.type === 'doc') && children(node).some((c) => typeof c.type === 'string' && (BLOCKS.has(c.type) || c.type === 'bulletList' || c.type === 'orderedList' || c.type === 'table'))) {
        for (const c of children(node)) blocks(c, out, prefix, d);
        return;
      }
      for (const line of inline(node, d).split('\n')) out.push(prefix + line);
  }
}

/** Plain text of an ADF document (or of any ADF node), paragraphs kept as lines. Never throws. */
export function adfToText(doc: unknown): string {
  if (typeof doc !== 'object' || doc === null) return typeof doc === 'string' ? doc : '';
  const out: string[] = [];
  for (const c of children(doc)) blocks(c, out);
  if (out.length === 0 && (doc as Node).type !== 'doc') blocks(doc, out);
  return out.join('\n').replace(/\n+$/, '');
}
