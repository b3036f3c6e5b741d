import SectionMessage from '@atlaskit/section-message';

/**
 * The site caveats, said once: places no API shows to anyone (dashboards private to their owners, a service
 * project's SLAs and forms, ScriptRunner's scripts). They keep nothing from safe, so no row repeats them.
 */
export function SiteCaveats({ caveats }: { readonly caveats: readonly string[] | undefined }) {
  if (caveats === undefined || caveats.length === 0) return null;
  return (
    <SectionMessage appearance="information" title="Site caveats: places no API shows to anyone">
      <p>Said here once, not on every row: they keep nothing from safe. Check them by hand if you rely on them.</p>
      <ul aria-label="Site caveats">
        {caveats.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
    </SectionMessage>
  );
}
