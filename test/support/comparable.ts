import type { ConfigSnapshot } from '../../src/domain/model';

/**
 * A snapshot without when it was taken, the audit records its scan read (which depend on the scan before it) and
 * field configuration items (configuration, read only when asked), each collection in id order (an incremental scan
 * puts what it read again after what it kept).
 */
export function comparable(s: ConfigSnapshot): unknown {
  const out: Record<string, unknown> = { ...s, site: null, audit: null, fieldConfigurations: s.fieldConfigurations.map((fc) => ({ ...fc, items: [] })) };
  for (const [k, v] of Object.entries(out)) {
    if (Array.isArray(v) && k !== 'coverage') out[k] = [...(v as { id?: string }[])].sort((a, b) => String(a.id).localeCompare(String(b.id)));
  }
  return out;
}

