import { gunzipSync, gzipSync } from 'fflate';
import { err, ok, type Result } from '../../domain/result';
import type { CoverageGap, WorkflowRule } from '../../domain/model';

/**
 * Workflow rule parameters that apps keep packed, one line per app. Jira's workflows API gives a Connect or Forge
 * app's rule as `ruleKey: "connect:remote-workflow-function"` (or `-condition`, `-validator`) with the app's module
 * in `parameters.appKey` and its settings in `parameters.config`.
 *
 * - ScriptRunner for Jira Cloud (Adaptavist), appKey `com.onresolve.jira.groovy.groovyrunner__script-postfunction`:
 *   `config` is base64 of `{"compressed":[…gzip bytes…]}` whose bytes unzip to the settings' JSON (observed in
 *   workflow payloads; Salto's Jira adapter decodes the same form). Its conditions and validators
 *   (`…__script-workflow-conditions`, `…__script-workflow-validators`) keep `config` as plain JSON text.
 */
export const PACKED_PARAMETERS: readonly { readonly appKeyPrefix: string; readonly parameter: string; readonly app: string }[] = [
  { appKeyPrefix: 'com.onresolve.jira.groovy.groovyrunner__', parameter: 'config', app: 'ScriptRunner' },
];

/** Which packed parameter a rule has, if any. */
export function packedParameterOf(parameters: Readonly<Record<string, string>>): { readonly parameter: string; readonly app: string } | undefined {
  const appKey = parameters.appKey;
  if (appKey === undefined) return undefined;
  const entry = PACKED_PARAMETERS.find((p) => appKey.startsWith(p.appKeyPrefix));
  return entry === undefined || parameters[entry.parameter] === undefined ? undefined : entry;
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Base64 (standard or URL-safe, padded or not) as bytes, with what every runtime has (atob): the adapter runs in
 * Node and in the admin's browser alike. Throws on text that is not base64.
 */
function base64Bytes(text: string): Uint8Array {
  const std = text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  const binary = atob(std + '='.repeat((4 - (std.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function base64Text(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const utf8 = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

function jsonText(text: string): Result<string, string> {
  try {
    return ok(JSON.stringify(JSON.parse(text) as unknown));
  } catch {
    return err('not JSON');
  }
}

/**
 * A packed value as JSON text. Accepts plain JSON, base64 of JSON, base64 of `{"compressed":[bytes]}` with gzip
 * bytes, and base64 of gzip bytes.
 */
export function unpackConfig(value: string): Result<string, string> {
  const trimmed = value.trim();
  if (trimmed === '') return err('the value is empty');
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const plain = jsonText(trimmed);
    return plain.ok ? plain : err('it looks like JSON but does not parse');
  }
  if (!/^[A-Za-z0-9+/=_-]+$/.test(trimmed)) return err('it is neither JSON nor base64');
  try {
    const bytes = base64Bytes(trimmed);
    if (isGzip(bytes)) return jsonText(utf8(gunzipSync(bytes)));
    const outer = JSON.parse(utf8(bytes)) as unknown;
    if (typeof outer === 'object' && outer !== null && Array.isArray((outer as { compressed?: unknown }).compressed)) {
      // Signed bytes (Java's) as they are kept: -117 is 0x8b.
      const zipped = Uint8Array.from((outer as { compressed: number[] }).compressed, (b) => b & 0xff);
      return jsonText(utf8(gunzipSync(zipped)));
    }
    return ok(JSON.stringify(outer));
  } catch (e) {
    return err(`base64 that does not unpack to JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** ScriptRunner's packing of a post-function's settings, for fixtures and the fake Jira. */
export function packScriptRunnerConfig(settings: unknown): string {
  const compressed = [...gzipSync(new TextEncoder().encode(JSON.stringify(settings)))];
  return base64Text(new TextEncoder().encode(JSON.stringify({ compressed })));
}

/**
 * The rule with its packed parameter unpacked into `decoded`. A value that does not unpack leaves the rule as it
 * was and says why, for a coverage gap on the workflow.
 */
export function decodeRule(rule: WorkflowRule): { readonly rule: WorkflowRule; readonly problem?: string } {
  const packed = packedParameterOf(rule.parameters);
  if (packed === undefined || rule.decoded?.[packed.parameter] !== undefined) return { rule };
  const unpacked = unpackConfig(rule.parameters[packed.parameter] ?? '');
  if (!unpacked.ok) return { rule, problem: `${packed.app} rule ${rule.parameters.appKey ?? rule.ruleKey}: parameters.${packed.parameter} could not be read: ${unpacked.error}` };
  return { rule: { ...rule, decoded: { ...rule.decoded, [packed.parameter]: unpacked.value } } };
}

/** The coverage gap for a packed value that did not unpack: the same words from a scan and from a snapshot file. */
export function undecodableGap(workflow: { readonly id: string; readonly name: string }, transitionName: string, problem: string): CoverageGap {
  return {
    kind: 'workflow',
    objectId: workflow.id,
    reason: 'invalid-payload',
    detail: `GET /rest/api/3/workflows/search: workflow "${workflow.name}", transition "${transitionName}": ${problem}; references inside it are not counted`,
  };
}
