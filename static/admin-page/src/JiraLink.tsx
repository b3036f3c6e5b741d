import { router } from '@forge/bridge';

/**
 * An object's name, linked to the page where an admin edits it in Jira when the resolver gave a checked address
 * (src/domain/admin-links.ts); plain text otherwise. Inside Jira the page lives in an iframe: the link opens through
 * the bridge, in a new tab, so the admin keeps their place here.
 */
export function JiraLink({ name, link, text }: { readonly name: string; readonly link: unknown; readonly text?: string }) {
  if (typeof link !== 'string' || link === '') return text === undefined ? <>{name}</> : null;
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
