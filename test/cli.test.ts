import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { BOOLEAN_OPTIONS, printable, runCli } from '../src/app/cli/main';
import { isSiteCaveat, REPORT_COLUMNS, siteCaveats } from '../src/domain/analysis';
import type { ConfigSnapshot } from '../src/domain/model';
import { loadSample } from './support/sample';
import { SAMPLE_PATH } from './support/sample';
import { tempDir } from './support/temp';

const run = promisify(execFile);
const dir = tempDir('config-lens-cli-');

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { write: (t) => (out += t), error: (t) => (err += t), stdoutIsTTY: false });
  return { code, out, err };
}

describe('config-lens report (in process)', () => {
  it.each(Object.keys(REPORT_COLUMNS))('prints the %s report as JSON rows with the documented columns', async (report) => {
    const object = report === 'where-used' || report === 'impact' ? ['--object', 'field:customfield_10023'] : [];
    const { code, out, err } = await cli('report', report, '--instance', SAMPLE_PATH, ...object, '--format', 'json', '--quiet');
    // Quiet: nothing on stderr but the site caveats of the verdict reports, each once (they are about the output).
    const lines = err.split('\n').filter((l) => l !== '');
    expect(lines.filter((l) => !l.startsWith('site caveat: '))).toEqual([]);
    expect(lines.length).toBe(['cleanup', 'unused', 'health'].includes(report) ? siteCaveats(loadSample()).length : 0);
    expect(code).toBe(0);
    const rows = JSON.parse(out) as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(0);
    // The documented columns, then the Jira address of the row's object on the sample's site, or none.
    for (const r of rows) expect(Object.keys(r)).toEqual([...REPORT_COLUMNS[report as keyof typeof REPORT_COLUMNS], 'link']);
    for (const r of rows) if (r.link !== null) expect(r.link).toMatch(new RegExp(`^${loadSample().site.baseUrl.replaceAll('.', '\\.')}(/|$)`));
  });

  it('ends each CSV and JSON row with the Jira address of the object it names, as the page links it, and none where Jira has no checked page', async () => {
    const site = 'https://acme.atlassian.net';
    const file = join(dir, 'acme.json');
    writeFileSync(file, JSON.stringify({ ...loadSample(), site: { ...loadSample().site, baseUrl: site } }));
    const { code, out } = await cli('report', 'where-used', '--instance', file, '--object', 'field:customfield_10022', '--format', 'csv', '--quiet');
    expect(code).toBe(0);
    const [head, ...rows] = Papa.parse<string[]>(out, { delimiter: ',', newline: '\r\n', skipEmptyLines: true }).data;
    const at = (c: string): number => head?.indexOf(c) ?? -1;
    expect(head?.at(-1)).toBe('link');
    const screen = rows.find((r) => r[at('used_by_kind')] === 'screen');
    expect(screen?.[at('link')]).toBe(`${site}/secure/admin/ConfigureFieldScreen.jspa?id=${screen?.[at('used_by_id')] ?? ''}`);
    const json = JSON.parse((await cli('report', 'inventory', '--instance', file, '--format', 'json', '--quiet')).out) as Record<string, string | null>[];
    expect(json.find((r) => r.kind === 'project' && r.id === '10000')?.link).toBe(`${site}/secure/project/EditProject!default.jspa?pid=10000`);
    // A system field and a group have no admin page whose address is checked: no link rather than a wrong one.
    expect(json.find((r) => r.kind === 'field' && r.id === 'priority')?.link).toBeNull();
    expect(json.find((r) => r.kind === 'group')?.link).toBeNull();
  });

  it('writes CSV to --out atomically, with the format taken from the extension', async () => {
    const out = join(dir, 'unused.csv');
    const { code, err } = await cli('report', 'unused', '--instance', SAMPLE_PATH, '--out', out, '--quiet');
    expect(code).toBe(0);
    expect(err.split('\n').filter((l) => l !== '' && !l.startsWith('site caveat: '))).toEqual([`wrote 20 row(s) to ${out}`]);
    const rows = Papa.parse<string[]>(readFileSync(out, 'utf8'), { delimiter: ',', newline: '\r\n' }).data;
    expect(rows[0]).toEqual(['kind', 'id', 'name', 'criterion', 'last_used', 'link']);
    expect(rows[1]?.slice(0, 3)).toEqual(['field', 'customfield_10049', 'Deprecated Estimate']);
  });

  it('accepts project:KEY and workflow:<name> addresses', async () => {
    const byKey = await cli('report', 'where-used', '--instance', SAMPLE_PATH, '--object', 'project:ops', '--format', 'csv', '--quiet');
    expect(byKey.out.split('\r\n')[1]).toMatch(/^project,10001,Operations,/);
    const byName = await cli('report', 'impact', '--instance', SAMPLE_PATH, '--object', 'workflow:OPS: Change Workflow', '--format', 'csv', '--quiet');
    expect(byName.code).toBe(0);
    expect(byName.out).toContain('workflow-scheme,10001,OPS/SUP Workflow Scheme,1,');
    expect(byName.out).toContain('project,10001,Operations,2,');
  });

  it.each([
    [['report', 'health'], 2, 'config-lens: a source is required: --instance <snapshot.json>, --replay <recording.json> or --site <url> (or JIRA_SITE) (see config-lens help)\n'],
    [['report', 'nope', '--instance', SAMPLE_PATH], 2, "config-lens: report: 'nope' is not one of health, inventory, where-used, impact, unused, cleanup, duplicates, references, limits (see config-lens help)\n"],
    [['report', 'impact', '--instance', SAMPLE_PATH], 2, 'config-lens: --object <kind:id> is required for the impact report (see config-lens help)\n'],
    [['report', 'unused', '--instance', SAMPLE_PATH, '--kind', 'feild'], 2, expect.stringContaining("config-lens: --kind: 'feild' is not one of project,") as unknown],
    [['report', 'unused', '--instance', SAMPLE_PATH, '--format', 'xml'], 2, "config-lens: --format: 'xml' is not one of csv, json, md (see config-lens help)\n"],
    [['report', 'health', '--instance', SAMPLE_PATH, '--frmat', 'csv'], 2, "config-lens: report: unknown option '--frmat' (did you mean '--format'?) (see config-lens help)\n"],
    [['scan', '--instnace', SAMPLE_PATH], 2, "config-lens: scan: unknown option '--instnace' (did you mean '--instance'?) (see config-lens help)\n"],
    [['diff', 'a.json', 'b.json', '--zzzzzz'], 2, "config-lens: diff: unknown option '--zzzzzz' (see config-lens help)\n"],
    [['report', 'unused', '--instance', SAMPLE_PATH, '--format', 'md', '--out', 'x.csv'], 2, "config-lens: --out x.csv is a .csv file but --format is md: make them agree (see config-lens help)\n"],
    [['report', 'unused', '--instance', SAMPLE_PATH, '--out', 'x.txt'], 2, "config-lens: --out x.txt: '.txt' is not the extension of a format (csv, json, md): name the file .csv, .json or .md, or give --format (see config-lens help)\n"],
    [['report', 'unused', '--instance', SAMPLE_PATH, '--format', 'json', '--out', 'x.txt'], 2, "config-lens: --out x.txt: '.txt' is not the extension of a format (csv, json, md): name the file .json (see config-lens help)\n"],
    [['diff', SAMPLE_PATH, SAMPLE_PATH, '--format', 'csv', '--out', 'changes.json'], 2, "config-lens: --out changes.json is a .json file but --format is csv: make them agree (see config-lens help)\n"],
    [['scan', '--site', 'https://bounded.example.invalid', '--out', join(dir, 'never.json'), '--request-timeout', '1e12'], 2, "config-lens: --request-timeout: '1e12' is not a whole number from 1 to 3,600 (see config-lens help)\n"],
    [['scan', '--site', 'https://bounded.example.invalid', '--out', join(dir, 'never.json'), '--concurrency', '500'], 2, "config-lens: --concurrency: '500' is not a whole number from 1 to 64 (see config-lens help)\n"],
    [['reprot', 'health'], 2, "config-lens: unknown command 'reprot' (did you mean 'report'?) (see config-lens help)\n"],
    [['report', 'impact', '--instance', SAMPLE_PATH, '--object', 'field:customfield_1'], 1, "config-lens: --object: no field with id or name 'customfield_1' in this snapshot\n"],
    [['report', 'where-used', '--instance', SAMPLE_PATH, '--object', 'field:Team'], 1, "config-lens: --object: the field name 'Team' is ambiguous: it could be field:customfield_10010, field:customfield_10011; give the id\n"],
    [['report', 'health', '--instance', join(dir, 'absent.json')], 1, `config-lens: ${join(dir, 'absent.json')}: no such file\n`],
    [['frobnicate'], 2, "config-lens: unknown command 'frobnicate' (see config-lens help)\n"],
  ])('%j fails with exit %i and one clear line', async (argv, code, message) => {
    const result = await cli(...argv);
    expect(result.code).toBe(code);
    expect(result.err).toEqual(message);
    expect(result.out).toBe('');
  });

  it('<command> --help (or -h, or help <command>) prints that command\'s usage and exits 0, running nothing; --version prints the version', async () => {
    for (const command of ['report', 'scan', 'export-issues', 'diff', 'serve', 'fake-jira', 'generate']) {
      for (const argv of [[command, '--help'], [command, '-h'], ['help', command], [command, '--instance', join(dir, 'absent.json'), '--help'], [command, '--quiet', '-h'], [command, '--bom=true', '-h']]) {
        const result = await cli(...argv);
        expect(result, argv.join(' ')).toMatchObject({ code: 0, err: '' });
        expect(result.out.startsWith(`Usage:\n  config-lens ${command} `)).toBe(true);
        // That command's usage only.
        expect(result.out.match(/^ {2}config-lens /gm)).toHaveLength(1);
      }
    }
    // `-h` as the value of an option that takes one is that value, not help.
    expect((await cli('report', 'unused', '--instance', SAMPLE_PATH, '--format', '-h')).code).toBe(2);
    // Every option no command gives a value to is known as such (else `--flag -h` would not be help).
    const source = readFileSync(new URL('../src/app/cli/main.ts', import.meta.url), 'utf8');
    for (const m of source.matchAll(/'?([a-z-]+)'?: \{ type: 'boolean'/g)) expect(BOOLEAN_OPTIONS.has(m[1] ?? ''), m[1]).toBe(true);
    expect((await cli('report', '--help')).out).toContain('<source> is one of:');
    expect((await cli('diff', '--help')).out).not.toContain('<source> is one of:');
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(await cli('--version')).toEqual({ code: 0, out: `config-lens ${pkg.version}\n`, err: '' });
  });

  it('scan --strict (for CI) exits 3 while coverage gaps other than site caveats remain, naming one, and 0 when only site caveats do', async () => {
    const sample = JSON.parse(readFileSync(SAMPLE_PATH, 'utf8')) as ConfigSnapshot;
    const open = sample.coverage.filter((g) => !isSiteCaveat(g));
    expect(open.length).toBeGreaterThan(0);
    const strict = await cli('scan', '--instance', SAMPLE_PATH, '--out', join(dir, 'strict.json'), '--strict', '--quiet');
    expect(strict.code).toBe(3);
    expect(strict.err).toContain(`--strict: ${open.length} coverage gap(s) other than site caveats remain, e.g. `);
    // The snapshot is written all the same.
    expect(existsSync(join(dir, 'strict.json'))).toBe(true);
    const caveatsOnly = join(dir, 'caveats-only.json');
    writeFileSync(caveatsOnly, JSON.stringify({ ...sample, coverage: sample.coverage.filter(isSiteCaveat) }));
    expect((await cli('scan', '--instance', caveatsOnly, '--out', join(dir, 'clean.json'), '--strict', '--quiet')).code).toBe(0);
  });

  it('takes objects by name for every kind: field:Story Points, status:Done (case aside)', async () => {
    const byName = await cli('report', 'where-used', '--instance', SAMPLE_PATH, '--object', 'field:story points', '--format', 'json', '--quiet');
    const byId = await cli('report', 'where-used', '--instance', SAMPLE_PATH, '--object', 'field:customfield_10022', '--format', 'json', '--quiet');
    expect(byName.code).toBe(0);
    expect(byName.out).toBe(byId.out);
    expect((await cli('report', 'impact', '--instance', SAMPLE_PATH, '--object', 'screen-scheme:Unused Screen Scheme', '--quiet')).code).toBe(0);
  });

  it('leaves no file behind when a report fails', async () => {
    const out = join(dir, 'never.csv');
    const { code } = await cli('report', 'where-used', '--instance', SAMPLE_PATH, '--object', 'screen:999', '--out', out);
    expect(code).toBe(1);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('generates a synthetic site that the report command reads back', async () => {
    const out = join(dir, 'small.json');
    expect((await cli('generate', '--preset', 'small', '--seed', '3', '--out', out)).code).toBe(0);
    const { code, out: text } = await cli('report', 'inventory', '--instance', out, '--kind', 'project', '--format', 'json', '--quiet');
    expect(code).toBe(0);
    expect(JSON.parse(text)).toHaveLength(8);
  });
});

describe('config-lens as installed (a real process on Node 22)', () => {
  const bin = join(import.meta.dirname, '..', 'bin', 'config-lens.js');
  const node = join(import.meta.dirname, '..', 'node_modules', '.bin', 'node');

  it('prints the health report of the sample instance as markdown', async () => {
    const { stdout } = await run(node, [bin, 'report', 'health', '--instance', SAMPLE_PATH, '--format', 'md']);
    // The site caveats, once, between the title and the rows.
    expect(stdout).toMatch(/^# health — .*sample-instance\.json\n\n> Site caveats[^\n]*\n(> - [^\n]*\n)+\n\| check \| severity \| count \| detail \| see \|\n/);
    expect(stdout).toContain('| broken references | error | 4 |');
  });

  it('exits non-zero with one line on stderr for a bad flag', async () => {
    const error = await run(node, [bin, 'report', 'health', '--instance']).then(
      () => undefined,
      (e: unknown) => e as { code: number; stderr: string; stdout: string },
    );
    expect(error?.code).toBe(2);
    expect(error?.stderr.trim().split('\n')).toHaveLength(1);
    expect(error?.stdout).toBe('');
  });
});

describe('Jira text that could harm a terminal or a page', () => {
  it('shows control characters in Jira text as escapes, on stderr and in a report printed to a terminal', async () => {
    expect(printable('Bug\x1b]0;pwned\x07 \x1b[2Jgone\tok\n')).toBe('Bug\\x1b]0;pwned\\x07 \\x1b[2Jgone\tok\n');
    const sample = JSON.parse(readFileSync(SAMPLE_PATH, 'utf8')) as { screens: { name: string; tabs: unknown[] }[] };
    const named = join(dir, 'escape.json');
    const screen = sample.screens.find((x) => x.tabs.length === 0) ?? sample.screens[0];
    if (screen !== undefined) screen.name = 'Old \x1b[31mImport\x1b[0m <script>alert(1)</script> & >= 8 ![x](https://evil.example/x.png) Screen';
    writeFileSync(named, JSON.stringify(sample));
    const printed = async (tty: boolean): Promise<string> => {
      let out = '';
      const code = await runCli(['report', 'inventory', '--instance', named, '--kind', 'screen', '--format', 'md', '--quiet'], { write: (t) => (out += t), error: () => undefined, stdoutIsTTY: tty });
      expect(code).toBe(0);
      return out;
    };
    // To a file or a pipe (a Markdown viewer renders it later): HTML as entities, no image or link syntax; the escape
    // sequences are written as they are (the CLI's printable() escapes them for a terminal, in main()).
    const piped = await printed(false);
    expect(piped).toContain('Old \x1b\\[31mImport\x1b\\[0m &lt;script&gt;alert(1)&lt;/script&gt; &amp; &gt;= 8 !\\[x\\](https://evil.example/x.png) Screen');
    expect(piped).not.toContain('<script>');
    expect(piped).not.toContain('![x]');
    // On a terminal (read as it is): the text itself, no entities.
    expect(await printed(true)).toContain('<script>alert(1)</script> & >= 8 ![x](https://evil.example/x.png) Screen');
  });

  it('serve on a port in use prints one line and exits 1', async () => {
    const busy = createServer();
    await new Promise<void>((r) => { busy.listen(0, '127.0.0.1', () => { r(); }); });
    const address = busy.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const { code, err } = await cli('serve', '--port', String(port), '--no-scan');
      expect(code).toBe(1);
      expect(err).toBe(`config-lens: --port ${port}: the port is in use by another program; give another --port, or 0 for any free one\n`);
    } finally {
      await new Promise<void>((r) => { busy.close(() => { r(); }); });
    }
  });
});
