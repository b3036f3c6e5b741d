import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeJiraServer, type FakeJiraServer } from '../src/adapters/fake-jira/http-server';
import { readSnapshotFile } from '../src/adapters/node/snapshot-file';
import { runCli } from '../src/app/cli/main';
import { expressible } from './support/expressible';
import { loadSample, SAMPLE_PATH } from './support/sample';
import { tempDir } from './support/temp';

const run = promisify(execFile);
const dir = tempDir('config-lens-site-');
let fake: FakeJiraServer;
beforeAll(async () => {
  fake = await startFakeJiraServer(loadSample());
});
afterAll(async () => {
  await fake.close();
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { write: (t) => (out += t), error: (t) => (err += t), stdoutIsTTY: false });
  return { code, out, err };
}

describe('the CLI against a site over real HTTP (the fake Jira on loopback)', () => {
  it('finishes a scan of a site that corrupts one workflow in a list and one board configuration, with one invalid-payload gap each naming endpoint and JSON path', async () => {
    const sample = loadSample();
    const broken = await startFakeJiraServer(sample, { corrupt: { list: '/rest/api/3/workflows/search', object: '/rest/agile/1.0/board/{boardId}/configuration' } });
    try {
      const out = join(dir, 'corrupt.json');
      const result = await cli('scan', '--site', broken.url, '--out', out, '--quiet');
      expect(result.code).toBe(0);
      const snapshot = await readSnapshotFile(out);
      const [firstWorkflow] = sample.workflows;
      expect(snapshot.workflows.map((w) => w.id).sort()).toEqual(sample.workflows.slice(1).map((w) => w.id).sort());
      expect(snapshot.boards.map((b) => b.id).sort()).toEqual(sample.boards.map((b) => b.id).sort());
      const invalid = snapshot.coverage.filter((g) => g.reason === 'invalid-payload');
      expect(invalid).toHaveLength(2);
      expect(invalid.find((g) => g.kind === 'workflow')).toMatchObject({ objectId: firstWorkflow?.id, detail: expect.stringMatching(/^GET \/rest\/api\/3\/workflows\/search: \$\.values\[0\]\.name: Invalid input: expected string, received object; this workflow was left out$/) as unknown });
      expect(invalid.find((g) => g.kind === 'board')?.detail).toMatch(/^configuration of board \d+: GET \/rest\/agile\/1\.0\/board\/\d+\/configuration: \$\.\w+: Invalid input/);
      const health = await cli('report', 'health', '--instance', out, '--format', 'json');
      const rows = JSON.parse(health.out) as { check: string; count: number; detail: string }[];
      expect(rows.find((r) => r.check === 'coverage gaps: invalid-payload')).toMatchObject({ count: 2, detail: expect.stringContaining('/rest/api/3/workflows/search: $.values[0].name') as unknown });
    } finally {
      await broken.close();
    }
  }, 30_000);

  it('gives the same where-used rows from --site as from --instance on the same snapshot', async () => {
    // Field configuration items (configuration, not a use) are read from a site only when asked for.
    const site = await cli('report', 'where-used', '--site', fake.url, '--email', 'a@b.c', '--token', 't', '--field-configuration-items', '--object', 'field:customfield_10023', '--format', 'json', '--quiet');
    const instance = await cli('report', 'where-used', '--instance', SAMPLE_PATH, '--object', 'field:customfield_10023', '--format', 'json', '--quiet');
    expect(site.code).toBe(0);
    // The same rows; the site's carry its Jira addresses, where the sample (a fixture) has no web address.
    const rows = (out: string) => (JSON.parse(out) as Record<string, unknown>[]).map(({ link: _link, ...r }) => r);
    expect(rows(site.out)).toEqual(rows(instance.out));
    expect(rows(site.out)).toHaveLength(10);
    const screen = (JSON.parse(site.out) as Record<string, unknown>[]).find((r) => r.used_by_kind === 'screen');
    expect(screen?.link).toBe(`${fake.url}/secure/admin/ConfigureFieldScreen.jspa?id=${String(screen?.used_by_id)}`);
  });

  it('scans a site into a snapshot file, reporting progress on stderr', async () => {
    const out = join(dir, 'scan.json');
    const { code, err } = await cli('scan', '--site', fake.url, '--out', out, '--concurrency', '4', '--field-configuration-items');
    expect(code).toBe(0);
    const lines = err.split('\n');
    // The core part first, then one line per part it planned (and the value counts of the cleanup candidates after
    // them), ending at n/n, each with the requests and points so far.
    expect(lines[0]).toMatch(/^core: 1\/(\d+) \(\d+ requests, [\d,]+ points\)$/);
    const planned = Number(/^core: 1\/(\d+)/.exec(lines[0] ?? '')?.[1]);
    const progress = lines.filter((l) => /: \d+\/\d+ \(\d+ requests, [\d,]+ points\)$/.test(l));
    const total = Number(/: \d+\/(\d+) \(/.exec(progress.at(-1) ?? '')?.[1]);
    expect(total).toBeGreaterThan(planned);
    expect(progress).toHaveLength(total);
    expect(err).toContain(`: ${total}/${total} (`);
    expect(err).toContain(`wrote the snapshot of ${fake.url} to ${out} (8 coverage gap(s): see its coverage)`);
    expect(expressible(await readSnapshotFile(out))).toEqual(expressible(loadSample()));
    // The last line says what the scan cost in Jira's points.
    expect(lines.filter((l) => l !== '').at(-1)).toMatch(/^cost: [\d,]+ points in [\d,]+ requests$/);
  });

  it('names a bad --site, a half-given login and two sources as usage errors', async () => {
    expect(await cli('scan', '--site', 'not a url', '--out', join(dir, 'x.json'))).toMatchObject({ code: 2, err: "config-lens: --site: 'not a url' is not a URL (expected e.g. https://your-site.atlassian.net) (see config-lens help)\n" });
    expect((await cli('report', 'health', '--site', fake.url, '--email', 'a@b.c')).err).toContain('--email and --token go together');
    expect((await cli('report', 'health', '--site', fake.url, '--instance', SAMPLE_PATH)).err).toContain('give one source: --instance, --replay or --site');
    expect((await cli('scan', '--site', fake.url, '--out', join(dir, 'y.json'), '--budget', '0')).err).toContain("--budget: '0' is not a whole number from 1 to 10,000,000");
  });

  it('reports an unreachable site as one line and exit 1, leaving no file', async () => {
    const out = join(dir, 'never.json');
    const closed = await startFakeJiraServer(loadSample());
    await closed.close();
    const result = await cli('scan', '--site', closed.url, '--out', out, '--quiet');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^config-lens: GET \/rest\/[a-z0-9./-]+: HTTP 0: no response \(fetch failed: ECONNREFUSED\)( after \d attempts)?\n$/);
    expect(() => readFileSync(out)).toThrow();
  }, 30_000);
});

describe('config-lens fake-jira as a process', () => {
  it('serves a snapshot on the port it prints and stops on SIGTERM', async () => {
    const node = join(import.meta.dirname, '..', 'node_modules', '.bin', 'node');
    const child = spawn(node, [join(import.meta.dirname, '..', 'bin', 'config-lens.js'), 'fake-jira', '--instance', SAMPLE_PATH, '--port', '0']);
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        const m = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(chunk);
        if (m?.[1] !== undefined) resolve(m[1]);
      });
      child.once('exit', (code) => {
        reject(new Error(`fake-jira exited with ${String(code)}`));
      });
    });
    const { stdout } = await run(node, [join(import.meta.dirname, '..', 'bin', 'config-lens.js'), 'report', 'unused', '--site', url, '--kind', 'screen', '--format', 'csv', '--quiet']);
    expect(stdout).toBe(`kind,id,name,criterion,last_used,link\r\nscreen,10007,Old Import Screen,in no screen scheme and on no workflow transition,,${url}/secure/admin/ConfigureFieldScreen.jspa?id=10007\r\n`);
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });
});
