/**
 * The local page's stand-in for `@forge/bridge`: `invoke` posts the call to the local server, which runs the
 * same resolver handlers as Forge (see src/app/local/server.ts). Only what the page uses is provided.
 */
export async function invoke<T = unknown>(functionKey: string, payload?: Record<string, unknown>): Promise<T> {
  const response = await fetch('/__local/invoke', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ functionKey, payload: payload ?? {} }),
  });
  if (!response.ok) throw new Error(`local server: ${functionKey} answered HTTP ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}
