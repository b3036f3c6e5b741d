/** Reasons shown before the rest is opened: a row stays short, and every reason is one click away. */
const SHOWN = 2;

/**
 * A verdict's reasons, short: the first ones as they are, the rest behind a disclosure ("3 more reasons") that the
 * keyboard opens like any button. `reasons` is a list, or a row's text (reasons joined by "; ").
 */
export function Reasons({ reasons }: { readonly reasons: readonly string[] | string }) {
  const list = typeof reasons === 'string' ? reasons.split('; ').filter((r) => r !== '') : reasons;
  if (list.length <= SHOWN + 1) return <>{list.join('; ')}</>;
  return (
    <details>
      <summary>
        {list.slice(0, SHOWN).join('; ')} … ({list.length - SHOWN} more reason{list.length - SHOWN === 1 ? '' : 's'})
      </summary>
      <ul style={{ margin: '4px 0', paddingLeft: 20 }}>
        {list.slice(SHOWN).map((r, i) => (
          <li key={i}>{r}</li>
        ))}
      </ul>
    </details>
  );
}
