import { router } from '@forge/bridge';
import { LINK_WHY } from '../../../src/domain/admin-links';

/** Why a name has no link, in words, from a row's `link_why` (src/app/row-links.ts); undefined when the row says none. */
export function noLinkWords(why: unknown): string | undefined {
  return typeof why === 'string' && Object.hasOwn(LINK_WHY, why) ? LINK_WHY[why as keyof typeof LINK_WHY] : undefined;
}

/**
 * An object's name, linked to the page where an admin edits it in Jira when the resolver gave a checked address
 * (src/domain/admin-links.ts); otherwise the name, with why it has no link on hover where the row says (`why`).
 * Inside Jira the page lives in an iframe: the link opens through the bridge, in a new tab, so the admin keeps their
 * place here.
 */
export function JiraLink({ name, link, text, why }: { readonly name: string; readonly link: unknown; readonly text?: string; readonly why?: unknown }) {
  if (typeof link !== 'string' || link === '') {
    if (text !== undefined) return null;
    const words = noLinkWords(why);
    return words === undefined ? <>{name}</> : <span title={`Not linked: ${words}`} data-no-link={String(why)}>{name}</span>;
  }
  return (
    <a
      href={link}
      target="_blank"
      rel="noreferrer"
      title={`Open ${name} in Jira`}
      aria-label={text === undefined ? undefined : `${text}: ${name}`}
      style={{ textDecoration: 'underline' }}
      onClick={(e) => {
        e.preventDefault();
        void router.open(link);
      }}
    >
      {text ?? name}
    </a>
  );
}
