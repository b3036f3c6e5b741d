/**
 * The local page's stand-in for `@forge/bridge`: `invoke` posts the call to the local server, which runs the
 * same resolver handlers as Forge (see src/app/local/server.ts). Only what the page uses is provided.
 */
/** The token the server printed in the page's URL (a server listening beyond loopback asks for one). */
function token(): string | null {
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  if (fromUrl !== null) sessionStorage.setItem('config-lens-token', fromUrl);
  return fromUrl ?? sessionStorage.getItem('config-lens-token');
}

export async function invoke<T = unknown>(functionKey: string, payload?: Record<string, unknown>): Promise<T> {
  const secret = token();
  const response = await fetch('/__local/invoke', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(secret === null ? {} : { 'X-Config-Lens-Token': secret }) },
    body: JSON.stringify({ functionKey, payload: payload ?? {} }),
  });
  if (!response.ok) throw new Error(`local server: ${functionKey} answered HTTP ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * Calls Jira as the bridge's `requestJira` does inside Jira (as the signed-in user, at no cost to the app's points):
 * the local server sends the call on to the Jira it reads, marked as a bridge call.
 */
export async function requestJira(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Response> {
  if (!path.startsWith('/')) throw new Error(`requestJira: ${path} is not a site-relative path`);
  const secret = token();
  return fetch(`/__local/jira${path}`, {
    method: init.method ?? 'GET',
    headers: { ...init.headers, ...(secret === null ? {} : { 'X-Config-Lens-Token': secret }) },
    ...(init.body === undefined ? {} : { body: init.body }),
  });
}

/** Opens a Jira address in a new tab, as the bridge's router does inside Jira. */
export const router = {
  open: (url: string): Promise<void> => {
    window.open(url, '_blank', 'noopener,noreferrer');
    return Promise.resolve();
  },
};
