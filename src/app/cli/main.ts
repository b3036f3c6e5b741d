import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { REPORT_NAMES, type ReportName } from '../../domain/analysis/types';
import { isSiteCaveat, siteCaveats } from '../../domain/analysis';
import { OBJECT_KINDS, type ConfigSnapshot, type ObjectKind } from '../../domain/model';
import { describePoints } from '../../domain/points';
import { RestConfigurationSource } from '../../adapters/jira-rest/scan';
import { REPORT_FORMATS, renderReport, type ReportFormat } from '../../domain/report-format';
import { withLinkColumn } from '../row-links';
import { removeTemporariesOnSignals, sameFile, writeFileAtomic } from '../../adapters/node/files';
import type { ContainerModule } from 'inversify';
import { readSnapshotFile, writeSnapshotFile } from '../../adapters/node/snapshot-file';
import { readJsonFile } from '../../adapters/node/files';
import { invalidRuleGaps, readAutomationExport, type ParsedExport } from '../../adapters/automation/rules';
import { mergeAutomationRules } from '../../domain/automation';
import { CHANGES, diffSnapshots } from '../../domain/diff';
import { parseRecording, RecordingJiraHttp } from '../../adapters/recording/recording';
import { ReplayMissError, startReplay } from '../../adapters/recording/replay';
import type { JiraHttp } from '../../ports/jira-http';
import { NodeJiraHttp, type NodeJiraHttpOptions } from '../../adapters/node/node-jira-http';
import { startFakeJiraServer } from '../../adapters/fake-jira/http-server';
import { ConfigurationSourceId } from '../../ports/configuration-source';
import { ProgressReporterId, type ProgressReporter } from '../../ports/progress';
import { generateSnapshot, SYNTHETIC_PRESETS, type SyntheticPreset } from '../../adapters/synthetic/generator';
import { setupServer } from 'msw/node';
import { createFakeJiraHandlers } from '../../adapters/fake-jira/handlers';
import { ExportIssuesUseCaseId } from '../export-issues';
import { ExportRequestError } from '../issue-rows';
import { startLocalServer } from '../local/server';
import { createContainer, issueExportModule, liveSiteModule, progressModule, recordingSiteModule, replayModule, snapshotFileModule } from '../container';
import { ReportUseCaseId } from '../report-use-case';

/** Where the CLI writes; injectable so tests run it in-process. */
export interface CliIo {
  write(text: string): void;
  /** Writes to stderr; callers pass whole lines, newline included. */
  error(text: string): void;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY?: boolean;
}

/** A problem with how the command was called: exit code 2. */
export class UsageError extends Error {}

const USAGE = `Usage:
  config-lens report <${REPORT_NAMES.join('|')}> <source>
      [--object <kind:id>] [--kind <kind>] [--all] [--format csv|json|md] [--out <file>] [--bom] [--no-formula-guard]
  config-lens scan <source> --out <snapshot.json> [--record <recording.json>] [--automation <rules-export.json>] [--no-value-counts] [--concurrency <n>] [--budget <requests>] [--request-timeout <s>]
      [--previous <snapshot.json>] [--max-quota-wait <minutes>] [--field-configuration-items] [--strict]
  config-lens export-issues --jql <jql> (--instance <fixture.json> | --replay <recording.json> | --site <url> [--email --token] [--record <recording.json>]) --out <file.csv>
      [--fields <id or name,…|*all|*navigable>] [--multi joined|columns] [--separator <text>] [--account-ids]
      [--bom] [--no-formula-guard]
  config-lens diff <old-snapshot.json> <new-snapshot.json> [--format csv|json|md] [--out <file>] [--bom] [--no-formula-guard]
      [--fail-on <added,removed,renamed,changed,broken>]
      what changed (added, removed, renamed, changed) and every reference the change broke
  config-lens serve [--instance <snapshot.json> [--rescan] | --site <url> [--email <e> --token <t>]] [--port <n>] [--host <address>] [--store <file>] [--no-scan | --background]
      the admin page on localhost, showing the snapshot (default: the sample instance) as scanned, with a fake
      Jira serving it for Scan now (--rescan: the first scan reads it through the fake), or a site through the
      Forge job machinery (quota pauses, hourly ledger, background budget)
  config-lens fake-jira --instance <snapshot.json> [--port <n>] [--latency <ms>] [--fault-rate <0..1>] [--corrupt]
  config-lens generate --preset <${Object.keys(SYNTHETIC_PRESETS).join('|')}> [--seed <n>] --out <snapshot.json>
  config-lens help | <command> --help | --version

<source> is one of:
  --instance <snapshot.json>                       a snapshot file
  --replay <recording.json>                        a recording made by scan --record, replayed request by request
  --site <https://x.atlassian.net> [--email <e> --token <t>]
                                                   a live site (or a fake Jira's URL); JIRA_SITE, JIRA_EMAIL
                                                   and JIRA_API_TOKEN are read when the flags are not given

Objects are written kind:id, e.g. field:customfield_10010, project:ENG, workflow:"ENG: Bug Workflow".
Kinds: ${OBJECT_KINDS.join(', ')}.
Format: given by --format, else by the --out file's extension, else md (an extension of no format, or of another
format than --format, is refused).
Exit codes: 0 done; 1 failed; 2 a usage error; 3 diff --fail-on found such a change, or scan --strict left coverage
gaps other than site caveats.`;

/** The commands, as `runCli` dispatches them. */
const COMMANDS = ['report', 'scan', 'export-issues', 'diff', 'serve', 'fake-jira', 'generate', 'help'] as const;
/** A command with usage of its own (not `help`). */
const hasUsage = (c: string | undefined): c is string => c !== undefined && c !== 'help' && (COMMANDS as readonly string[]).includes(c);
/** Commands that read a `<source>`: their usage says what one is. */
const WITH_SOURCE = new Set(['report', 'scan', 'export-issues']);

/** One command's part of {@link USAGE}: its lines, and what `<source>` (and an object) is where it takes one. */
export function commandUsage(command: string): string {
  const lines = USAGE.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`  config-lens ${command} `) || l === `  config-lens ${command}`);
  if (start < 0) return USAGE;
  let end = start + 1;
  while (end < lines.length && (lines[end] ?? '').startsWith('      ')) end++;
  const own = lines.slice(start, end).join('\n');
  const notes = USAGE.slice(USAGE.indexOf('<source> is one of:'));
  return `Usage:\n${own}${WITH_SOURCE.has(command) ? `\n\n${command === 'report' ? notes : notes.slice(0, notes.indexOf('\n\nObjects are written'))}` : ''}`;
}

/** Edits that make `a` into `b` (Levenshtein), for "did you mean". */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next.push(Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)));
    row = next;
  }
  return row[b.length] ?? 0;
}

/** The nearest of `known` to what was typed, when it is near enough to be a slip (a third of its length at most). */
export function nearest(typed: string, known: readonly string[]): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const name of known) {
    const d = distance(typed, name);
    if (best === undefined || d < best.d) best = { name, d };
  }
  return best !== undefined && best.d > 0 && best.d <= Math.max(1, Math.floor(typed.length / 3)) ? best.name : undefined;
}

/** The options a command's usage names (`--out`, `--format` …), for suggesting one. */
const optionsOf = (command: string): string[] => [...new Set([...commandUsage(command).matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0]))];

/** The options of any command that take no value: `-h` after one of them asks for help (`report --quiet -h`). */
export const BOOLEAN_OPTIONS: ReadonlySet<string> = new Set([
  'account-ids', 'all', 'background', 'bom', 'corrupt', 'debug', 'field-configuration-items', 'no-formula-guard', 'no-scan', 'no-value-counts', 'quiet', 'rescan', 'strict',
]);

/** Whether an argument is an option that takes the next argument as its value (`--separator -h`). */
const takesValue = (arg: string): boolean => arg.startsWith('--') && !arg.includes('=') && !BOOLEAN_OPTIONS.has(arg.slice(2));

/** `--help` anywhere, or `-h` not standing as the value of an option before it (`--separator -h`, not `--quiet -h`). */
const asksHelp = (args: readonly string[]): boolean => args.includes('--help') || args.some((a, i) => a === '-h' && !takesValue(args[i - 1] ?? ''));

/** The version in package.json. */
function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag}: '${value}' is not one of ${allowed.join(', ')}`);
}

/**
 * The format of a report: `--format`, else the `--out` file's extension, else md. An extension that names another
 * format than `--format`, or no format at all, is refused: a file is never written mislabelled.
 */
function formatFor(format: string | undefined, out: string | undefined): ReportFormat {
  const name = out === undefined ? '' : basename(out);
  const ext = name.includes('.') && !name.startsWith('.') ? name.split('.').pop()?.toLowerCase() : undefined;
  const known = ext !== undefined && (REPORT_FORMATS as readonly string[]).includes(ext) ? (ext as ReportFormat) : undefined;
  if (format !== undefined) {
    const chosen = oneOf(format, REPORT_FORMATS, '--format');
    if (known !== undefined && known !== chosen) throw new UsageError(`--out ${out ?? ''} is a .${known} file but --format is ${chosen}: make them agree`);
    if (ext !== undefined && known === undefined) throw new UsageError(`--out ${out ?? ''}: '.${ext}' is not the extension of a format (${REPORT_FORMATS.join(', ')}): name the file .${chosen}`);
    return chosen;
  }
  if (ext !== undefined && known === undefined) throw new UsageError(`--out ${out ?? ''}: '.${ext}' is not the extension of a format (${REPORT_FORMATS.join(', ')}): name the file .csv, .json or .md, or give --format`);
  return known ?? 'md';
}

async function report(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      ...SOURCE_OPTIONS,
      object: { type: 'string' },
      kind: { type: 'string' },
      all: { type: 'boolean' },
      format: { type: 'string' },
      out: { type: 'string' },
      bom: { type: 'boolean' },
      'no-formula-guard': { type: 'boolean' },
      quiet: { type: 'boolean' },
    },
  });
  const [name, ...extra] = positionals;
  if (name === undefined) throw new UsageError(`report: name a report: ${REPORT_NAMES.join(', ')}`);
  if (extra.length > 0) throw new UsageError(`report: unexpected argument '${extra.join(' ')}'`);
  const reportName: ReportName = oneOf(name, REPORT_NAMES, 'report');
  const source = await sourceOf(values);
  const kind: ObjectKind | undefined = values.kind === undefined ? undefined : oneOf(values.kind, OBJECT_KINDS, '--kind');
  if ((reportName === 'where-used' || reportName === 'impact') && values.object === undefined) {
    throw new UsageError(`--object <kind:id> is required for the ${reportName} report`);
  }
  if (values.all === true && reportName !== 'cleanup') throw new UsageError(`--all belongs to the cleanup report, not to ${reportName}`);
  const format = formatFor(values.format, values.out);
  await checkOutputs([['--out', values.out]], [['--instance', values.instance], ['--replay', values.replay]]);

  const container = createContainer(source.module, progressModule(progressReporter(io, values.quiet === true)));
  const useCase = container.get(ReportUseCaseId);
  const result = await useCase.run({
    report: reportName,
    ...(values.object === undefined ? {} : { object: values.object }),
    ...(kind === undefined ? {} : { kind }),
    ...(values.all === true ? { all: true } : {}),
  });
  if (!result.ok) throw new Error(`--object: ${result.error}`);
  const title = `${reportName}${values.object === undefined ? '' : ` of ${values.object}`} — ${source.label}`;
  // The site caveats of the verdict reports, said once: in Markdown above the rows, else on stderr.
  const caveats = reportName === 'cleanup' || reportName === 'unused' || reportName === 'health' ? siteCaveats((await useCase.analysed()).snapshot) : [];
  if (format !== 'md') for (const c of caveats) io.error(`site caveat: ${printable(c)}\n`);
  // Markdown read on a terminal shows Jira's text as it is; written to a file or a pipe it is made safe for a viewer.
  // CSV and JSON end each row with the object's Jira address (link), for a spreadsheet or a script to open.
  const table = format === 'md' ? result.value : withLinkColumn((await useCase.analysed()).snapshot, result.value);
  const chunks = renderReport(table, format, { bom: values.bom === true, formulaGuard: values['no-formula-guard'] !== true, title, caveats, terminal: values.out === undefined && io.stdoutIsTTY });
  if (values.out === undefined) {
    for (const chunk of chunks) io.write(chunk);
  } else {
    await writeFileAtomic(values.out, chunks);
    io.error(`wrote ${result.value.rows.length} row(s) to ${values.out}\n`);
  }
  return 0;
}

const SOURCE_OPTIONS = {
  instance: { type: 'string' },
  replay: { type: 'string' },
  site: { type: 'string' },
  email: { type: 'string' },
  token: { type: 'string' },
  concurrency: { type: 'string' },
  budget: { type: 'string' },
  'request-timeout': { type: 'string' },
  'no-value-counts': { type: 'boolean' },
  'max-quota-wait': { type: 'string' },
  'field-configuration-items': { type: 'boolean' },
} as const;

interface SourceValues {
  instance?: string | undefined;
  replay?: string | undefined;
  site?: string | undefined;
  email?: string | undefined;
  token?: string | undefined;
  concurrency?: string | undefined;
  budget?: string | undefined;
  'request-timeout'?: string | undefined;
  'no-value-counts'?: boolean | undefined;
  'max-quota-wait'?: string | undefined;
  'field-configuration-items'?: boolean | undefined;
}

/** The most each whole-number option takes: beyond it a value is a slip (`--request-timeout 1e12`), not a choice. */
const MAX_OF: Readonly<Record<string, number>> = { '--concurrency': 64, '--budget': 10_000_000, '--request-timeout': 3_600 };

function positiveInteger(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  const max = MAX_OF[flag] ?? Number.MAX_SAFE_INTEGER;
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1 || n > max) throw new UsageError(`${flag}: '${value}' is not a whole number from 1 to ${max.toLocaleString('en-US')}`);
  return n;
}

/** A site and its login (`--email`/`--token`, else JIRA_EMAIL/JIRA_API_TOKEN), checked: what is wrong is a usage error. */
function siteLogin(site: string, values: { readonly email?: string | undefined; readonly token?: string | undefined }): NodeJiraHttpOptions {
  const email = values.email ?? process.env.JIRA_EMAIL;
  const token = values.token ?? process.env.JIRA_API_TOKEN;
  const http = { site, ...(email === undefined ? {} : { email }), ...(token === undefined ? {} : { token }) };
  try {
    new NodeJiraHttp(http);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  return http;
}

/**
 * The configuration source the flags (or JIRA_* variables) name: exactly one of a snapshot file, a recording or
 * a site. With `recorder`, a site's traffic is also kept for a recording.
 */
async function sourceOf(values: SourceValues, recorder?: (inner: JiraHttp) => JiraHttp, previous?: ConfigSnapshot): Promise<{ module: ContainerModule; label: string }> {
  const given = [values.instance, values.replay, values.site].filter((v) => v !== undefined).length;
  if (given > 1) throw new UsageError('give one source: --instance, --replay or --site');
  const site = values.site ?? (given === 0 ? process.env.JIRA_SITE : undefined);
  if (values.instance !== undefined) return { module: snapshotFileModule(values.instance), label: values.instance };
  if (values.replay !== undefined) {
    const recording = parseRecording(await readJsonFile(values.replay), values.replay);
    return { module: replayModule(recording, values.replay), label: `${values.replay} (recording of ${recording.site})` };
  }
  if (site === undefined) throw new UsageError('a source is required: --instance <snapshot.json>, --replay <recording.json> or --site <url> (or JIRA_SITE)');
  const http = siteLogin(site, values);
  const concurrency = positiveInteger(values.concurrency, '--concurrency');
  const budget = positiveInteger(values.budget, '--budget');
  const timeoutSeconds = positiveInteger(values['request-timeout'], '--request-timeout');
  const quotaWaitMinutes = values['max-quota-wait'] === undefined ? undefined : Number(values['max-quota-wait']);
  if (quotaWaitMinutes !== undefined && (!Number.isFinite(quotaWaitMinutes) || quotaWaitMinutes < 0 || quotaWaitMinutes > 24 * 60)) {
    throw new UsageError(`--max-quota-wait: '${values['max-quota-wait'] ?? ''}' is not a number of minutes from 0 to 1440`);
  }
  const options = {
    ...(values['no-value-counts'] === true ? { valueCounts: false } : {}),
    ...(values['field-configuration-items'] === true ? { fieldConfigurationItems: true } : {}),
    ...(concurrency === undefined ? {} : { concurrency }),
    ...(budget === undefined ? {} : { budget }),
    ...(timeoutSeconds === undefined ? {} : { requestTimeoutMs: timeoutSeconds * 1000 }),
    ...(quotaWaitMinutes === undefined ? {} : { maxQuotaWaitMs: quotaWaitMinutes * 60_000 }),
    ...(previous === undefined ? {} : { previous }),
  };
  return { module: recorder === undefined ? liveSiteModule(http, options) : recordingSiteModule(http, recorder, options), label: site };
}

/** Progress on stderr: a bar redrawn in place on a terminal, plain lines otherwise. */
function progressReporter(io: CliIo, quiet: boolean): ProgressReporter {
  return {
    report: (e) => {
      // What could not be read is said even when quiet: it is about the output, not about progress.
      if (e.phase === 'coverage gap') {
        io.error(`${io.stderrIsTTY === true ? '\r\x1b[K' : ''}coverage gap: ${printable(e.message ?? '')}\n`);
        return;
      }
      if (quiet || e.phase === 'loading snapshot') return;
      const total = e.total ?? 0;
      if (io.stderrIsTTY === true && total > 0) {
        const width = 24;
        const filled = Math.round((e.done / total) * width);
        io.error(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${e.done}/${total} ${e.phase}${e.message === undefined ? '' : ` (${e.message})`}\x1b[K${e.done >= total ? '\n' : ''}`);
      } else {
        io.error(`${e.phase}: ${e.done}/${e.total ?? '?'}${e.message === undefined ? '' : ` (${e.message})`}\n`);
      }
    },
  };
}

async function scan(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, strict: true, options: { ...SOURCE_OPTIONS, out: { type: 'string' }, record: { type: 'string' }, automation: { type: 'string' }, previous: { type: 'string' }, quiet: { type: 'boolean' }, strict: { type: 'boolean' } } });
  if (values.out === undefined && values.record === undefined) throw new UsageError('--out <snapshot.json> (or --record <recording.json>) is required');
  if (values.previous !== undefined && values.site === undefined && process.env.JIRA_SITE === undefined) throw new UsageError('--previous makes a scan of a site incremental: give --site <url> too');
  // The previous snapshot is read before the scan: a bad file is said at once.
  const previous = values.previous === undefined ? undefined : await readSnapshotFile(values.previous);
  // The rules export is read before the scan: a bad file is said at once, not after minutes of scanning.
  const automation = values.automation === undefined ? undefined : await automationExport(values.automation);
  if (values.record !== undefined && values.site === undefined && process.env.JIRA_SITE === undefined) throw new UsageError('--record needs a site to record: --site <url>');
  await checkOutputs([['--out', values.out], ['--record', values.record]], [['--instance', values.instance], ['--replay', values.replay], ['--previous', values.previous]]);
  let recorder: RecordingJiraHttp | undefined;
  const source = await sourceOf(values, values.record === undefined ? undefined : (inner) => (recorder = new RecordingJiraHttp(inner)), previous);
  const container = createContainer(source.module, progressModule(progressReporter(io, values.quiet === true)));
  const configuration = container.get(ConfigurationSourceId);
  const scanned = await configuration.load(container.get(ProgressReporterId).report);
  const rest = configuration instanceof RestConfigurationSource ? configuration : undefined;
  for (const note of rest?.notes ?? []) io.error(`${printable(note)}\n`);
  const snapshot = automation === undefined ? scanned : mergeAutomationRules(scanned, automation.rules, invalidRuleGaps(values.automation ?? '', automation.invalid));
  if (automation !== undefined) io.error(`merged ${automation.rules.length} Automation rule(s) from ${values.automation ?? ''}${automation.invalid.length === 0 ? '' : ` (${automation.invalid.length} left out: see its coverage)`}\n`);
  if (values.out !== undefined) await writeSnapshotFile(values.out, snapshot);
  if (values.record !== undefined && recorder !== undefined) {
    const recording = recorder.recording(source.label, new Date(snapshot.site.scannedAt), snapshot);
    await writeFileAtomic(values.record, [`${JSON.stringify(recording, null, 2)}\n`]);
    io.error(`recorded ${recording.exchanges.length} exchange(s) to ${values.record}\n`);
  }
  const gaps = snapshot.coverage.length;
  if (values.out !== undefined) io.error(`wrote the snapshot of ${source.label} to ${values.out}${gaps === 0 ? '' : ` (${gaps} coverage gap(s): see its coverage)`}\n`);
  // The last line says what the scan cost in Jira's points (API-token traffic is not charged points, an app's is).
  if (rest !== undefined) io.error(`cost: ${describePoints(rest.points)}${previous === undefined ? '' : ' (incremental)'}\n`);
  if (values.strict === true) {
    // For CI: the places this scan could not see that an admin could open to it (site caveats are nobody's to open).
    const open = snapshot.coverage.filter((g) => !isSiteCaveat(g));
    if (open.length > 0) {
      io.error(`--strict: ${open.length} coverage gap(s) other than site caveats remain, e.g. ${printable(open[0]?.detail ?? '')}\n`);
      return 3;
    }
  }
  return 0;
}

/** `diff <old> <new>`: what changed between two snapshots, and the references the change broke. */
async function diff(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { format: { type: 'string' }, out: { type: 'string' }, bom: { type: 'boolean' }, 'no-formula-guard': { type: 'boolean' }, 'fail-on': { type: 'string' } },
  });
  const failOn = values['fail-on'] === undefined ? [] : values['fail-on'].split(',').map((c) => oneOf(c.trim(), CHANGES, '--fail-on'));
  const [oldPath, newPath, ...extra] = positionals;
  if (oldPath === undefined || newPath === undefined) throw new UsageError('diff: give two snapshot files: diff <old.json> <new.json>');
  if (extra.length > 0) throw new UsageError(`diff: unexpected argument '${extra.join(' ')}'`);
  const format = formatFor(values.format, values.out);
  await checkOutputs([['--out', values.out]], [['<old.json>', oldPath], ['<new.json>', newPath]]);
  const [before, after] = await Promise.all([readSnapshotFile(oldPath), readSnapshotFile(newPath)]);
  const result = diffSnapshots(before, after);
  const c = result.counts;
  const chunks = renderReport(format === 'md' ? result : withLinkColumn(after, result), format, { bom: values.bom === true, formulaGuard: values['no-formula-guard'] !== true, title: `diff — ${oldPath} → ${newPath}`, terminal: values.out === undefined && io.stdoutIsTTY });
  if (values.out === undefined) for (const chunk of chunks) io.write(chunk);
  else await writeFileAtomic(values.out, chunks);
  io.error(`${c.added} added, ${c.removed} removed, ${c.renamed} renamed, ${c.changed} changed, ${c.broken} reference(s) broken${values.out === undefined ? '' : ` (written to ${values.out})`}\n`);
  // For CI: the kinds of change that fail the build.
  const failing = failOn.filter((change) => c[change] > 0);
  if (failing.length > 0) {
    io.error(`--fail-on: ${failing.map((change) => `${c[change]} ${change}`).join(', ')}\n`);
    return 3;
  }
  return 0;
}

/** Reads an Automation rules export for `--automation`; a file that is not one is a usage error naming what and where. */
async function automationExport(path: string): Promise<ParsedExport> {
  let body: unknown;
  try {
    body = await readJsonFile(path);
  } catch (e) {
    throw new UsageError(`--automation ${e instanceof Error ? e.message : String(e)}`);
  }
  const parsed = readAutomationExport(body);
  if (!parsed.ok) throw new UsageError(`--automation ${path}: ${parsed.error}`);
  return parsed.value;
}

async function fakeJira(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: { instance: { type: 'string' }, port: { type: 'string' }, latency: { type: 'string' }, 'fault-rate': { type: 'string' }, corrupt: { type: 'boolean' } },
  });
  if (values.instance === undefined) throw new UsageError('--instance <snapshot.json> is required');
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: '${values.port ?? ''}' is not a port number`);
  const latency = values.latency === undefined ? 0 : Number(values.latency);
  if (!Number.isFinite(latency) || latency < 0 || latency > 60_000) throw new UsageError(`--latency: '${values.latency ?? ''}' is not a number of milliseconds from 0 to 60,000`);
  const faultRate = values['fault-rate'] === undefined ? 0 : Number(values['fault-rate']);
  if (!Number.isFinite(faultRate) || faultRate < 0 || faultRate > 1) throw new UsageError(`--fault-rate: '${values['fault-rate'] ?? ''}' is not between 0 and 1`);
  const snapshot = await readSnapshotFile(values.instance);
  // --corrupt: one workflow in the list and one board's configuration come in a shape no schema allows.
  const corrupt = values.corrupt === true ? { corrupt: { list: '/rest/api/3/workflows/search', object: '/rest/agile/1.0/board/{boardId}/configuration' } } : {};
  const server = await startFakeJiraServer(snapshot, { port, latencyMs: latency, faultRate, ...corrupt });
  io.write(`fake Jira serving ${values.instance} at ${server.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  io.error(`fake Jira stopped after ${server.log.total} request(s)\n`);
  return 0;
}

/** The bundled sample instance and the built local page, relative to this file. */
const SAMPLE_INSTANCE = fileURLToPath(new URL('../../../test/fixtures/sample-instance.json', import.meta.url));
const LOCAL_PAGE = fileURLToPath(new URL('../../../static/admin-page/build-local', import.meta.url));

async function serve(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      instance: { type: 'string' },
      site: { type: 'string' },
      email: { type: 'string' },
      token: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      'no-scan': { type: 'boolean' },
      background: { type: 'boolean' },
      rescan: { type: 'boolean' },
      store: { type: 'string' },
    },
  });
  if (values.store === '') throw new UsageError('--store: give the file to keep the store in');
  const port = values.port === undefined ? 4000 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: '${values.port ?? ''}' is not a port number`);
  if (values.instance !== undefined && values.site !== undefined) throw new UsageError('give one of --instance and --site');
  if (values.site === undefined && (values.email !== undefined || values.token !== undefined)) throw new UsageError('--email and --token log in to a site: give --site <url> too');
  if (values['no-scan'] === true && values.background === true) throw new UsageError('--background says how the first scan runs; --no-scan starts none: give one');
  if (values['no-scan'] === true && values.rescan === true) throw new UsageError('--rescan says the first scan reads the file through the fake Jira; --no-scan starts none: give one');
  if (values.site !== undefined && values.rescan === true) throw new UsageError('--rescan reads a snapshot file again through the fake Jira; a site is always scanned: drop --rescan');
  if (values.site === undefined && values.background === true && values.rescan !== true) throw new UsageError('--background runs the first scan as background work; a snapshot file is shown as scanned without one: give --rescan too, to read it through the fake Jira');
  // A site only when asked for by flag: JIRA_SITE alone does not turn the sample page into a live one.
  const instance = values.site === undefined ? (values.instance ?? SAMPLE_INSTANCE) : undefined;
  const snapshot = instance === undefined ? undefined : await readSnapshotFile(instance);
  const jira = snapshot === undefined ? { site: siteLogin(values.site ?? '', values) } : { snapshot };
  const options = { ...jira, staticDir: LOCAL_PAGE, ...(values.host === undefined ? {} : { host: values.host }), ...(values.store === undefined ? {} : { store: values.store }) };
  let server;
  try {
    server = await startLocalServer({ ...options, port });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    if (values.port !== undefined) throw new Error(`--port ${port}: the port is in use by another program; give another --port, or 0 for any free one`, { cause: e });
    // The default port is taken: any free one will do, and the URL says which.
    server = await startLocalServer({ ...options, port: 0 });
  }
  if (server.token !== undefined) {
    io.error(`warning: --host ${values.host ?? ''} lets other machines reach this server; calls need the token in the URL below, so open that URL and share it with no one\n`);
  }
  io.write(`Config Lens admin page: ${server.url}\n`);
  if (values.store !== undefined) io.error(`what the app stores is kept in ${values.store} (written a moment after each change, and on Ctrl+C)\n`);
  io.error(instance === undefined
    ? `reading ${server.jiraUrl} as ${server.accountId}: scans run part by part through an in-process job queue as on Forge, pausing on Jira's quota and keeping background work to its hourly budget; Ctrl+C stops (a paused scan is dropped)\n`
    : `serving ${instance} through a fake Jira at ${server.jiraUrl}; Ctrl+C stops\n`);
  if (values['no-scan'] !== true && snapshot !== undefined && instance !== undefined && values.rescan !== true) {
    // The file as it holds it (value counts, rules, last use): a scan through the fake reads only what its API expresses.
    await server.scans.load(snapshot, server.accountId, server.jiraUrl, basename(instance));
    io.error(`showing ${basename(instance)} as scanned at ${snapshot.site.scannedAt}; Scan now on the page reads it again through the fake Jira (what Jira's REST API can express of it; --rescan does so at start)\n`);
  } else if (values['no-scan'] !== true) {
    const scan = await server.scans.start(server.accountId, server.jiraUrl, values.background === true ? { background: true } : {});
    io.error(`first scan ${scan.id} started${values.background === true ? ' as background work (within the hourly budget, part by part)' : ''}\n`);
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => { resolve(); });
    process.once('SIGTERM', () => { resolve(); });
  });
  await server.close();
  return 0;
}

async function exportIssues(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      jql: { type: 'string' },
      fields: { type: 'string' },
      multi: { type: 'string' },
      separator: { type: 'string' },
      'account-ids': { type: 'boolean' },
      bom: { type: 'boolean' },
      'no-formula-guard': { type: 'boolean' },
      out: { type: 'string' },
      instance: { type: 'string' },
      replay: { type: 'string' },
      record: { type: 'string' },
      site: { type: 'string' },
      email: { type: 'string' },
      token: { type: 'string' },
      concurrency: { type: 'string' },
      'request-timeout': { type: 'string' },
      quiet: { type: 'boolean' },
    },
  });
  if (values.jql === undefined || values.jql.trim() === '') throw new UsageError('--jql "<jql>" is required');
  if (values.out === undefined) throw new UsageError('--out <file.csv> is required');
  const multi = values.multi === undefined ? 'joined' : oneOf(values.multi, ['joined', 'columns'] as const, '--multi');
  const given = [values.instance, values.replay, values.site].filter((v) => v !== undefined).length;
  if (given > 1) throw new UsageError('give one source: --instance, --replay or --site');
  const site = values.site ?? (given === 0 ? process.env.JIRA_SITE : undefined);
  if (values.instance === undefined && values.replay === undefined && site === undefined) {
    throw new UsageError('a source is required: --instance <fixture.json>, --replay <recording.json> or --site <url> (or JIRA_SITE)');
  }
  if (values.record !== undefined && site === undefined) throw new UsageError('--record needs a site to record: --site <url>');
  await checkOutputs([['--out', values.out], ['--record', values.record]], [['--instance', values.instance], ['--replay', values.replay]]);
  const concurrency = positiveInteger(values.concurrency, '--concurrency');
  const timeoutSeconds = positiveInteger(values['request-timeout'], '--request-timeout');
  let http: JiraHttp;
  let stop = (): void => undefined;
  let recorder: RecordingJiraHttp | undefined;
  let replayMisses: () => readonly string[] = () => [];
  if (values.replay !== undefined) {
    const recording = parseRecording(await readJsonFile(values.replay), values.replay);
    const replay = startReplay(recording);
    stop = () => {
      replay.close();
    };
    replayMisses = () => [...replay.missing];
    http = new NodeJiraHttp({ site: recording.site });
  } else if (values.instance !== undefined) {
    // A fixture is served by the fake Jira in process, so that the export runs the same REST code as against a site.
    const snapshot = await readSnapshotFile(values.instance);
    const origin = 'https://fixture.fake-jira.invalid';
    const server = setupServer(...createFakeJiraHandlers(snapshot));
    server.listen({ onUnhandledFrame: 'error' });
    stop = () => {
      server.close();
    };
    http = new NodeJiraHttp({ site: origin });
  } else {
    http = new NodeJiraHttp(siteLogin(site ?? '', values));
    if (values.record !== undefined) http = recorder = new RecordingJiraHttp(http);
  }
  try {
    const container = createContainer(issueExportModule(http, { ...(concurrency === undefined ? {} : { concurrency }), ...(timeoutSeconds === undefined ? {} : { requestTimeoutMs: timeoutSeconds * 1000 }) }), progressModule(progressReporter(io, values.quiet === true)));
    const result = await container.get(ExportIssuesUseCaseId).run({
      jql: values.jql,
      fields: (values.fields ?? '*navigable').split(',').map((f) => f.trim()).filter((f) => f !== ''),
      render: { multi, ...(values.separator === undefined ? {} : { separator: values.separator }), accountIds: values['account-ids'] === true },
      csv: { bom: values.bom === true, formulaGuard: values['no-formula-guard'] !== true },
      out: values.out,
    });
    if (values.record !== undefined && recorder !== undefined) {
      const recording = recorder.recording(site ?? '', new Date());
      await writeFileAtomic(values.record, [`${JSON.stringify(recording, null, 2)}\n`]);
      io.error(`recorded ${recording.exchanges.length} exchange(s) to ${values.record}\n`);
    }
    io.error(`wrote ${result.rows} issue(s) to ${values.out}\n`);
    return 0;
  } catch (e) {
    if (e instanceof ExportRequestError) throw new UsageError(e.message);
    const missing = replayMisses();
    if (missing.length > 0) throw new ReplayMissError(values.replay ?? '', missing);
    throw e;
  } finally {
    stop();
  }
}

async function generate(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: { preset: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' } },
  });
  if (values.preset === undefined) throw new UsageError('--preset is required');
  const preset: SyntheticPreset = oneOf(values.preset, Object.keys(SYNTHETIC_PRESETS) as SyntheticPreset[], '--preset');
  if (values.out === undefined) throw new UsageError('--out <snapshot.json> is required');
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed: '${values.seed ?? ''}' is not a whole number`);
  await checkOutputs([['--out', values.out]], []);
  await writeSnapshotFile(values.out, generateSnapshot({ preset, seed }));
  io.error(`wrote the ${preset} synthetic site (seed ${seed}) to ${values.out}\n`);
  return 0;
}

/**
 * Text from Jira (names, JQL, error messages) as a terminal may show it: control characters (ESC sequences that
 * move the cursor, retitle the window or hide text) are written as `\x1b` escapes; TAB, LF and CR stay.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * Refuses outputs that would overwrite an input or each other (`--out` = `--instance`, `--out` = `--record`), before
 * anything is read or written, and removes what the command is writing if it is interrupted.
 */
async function checkOutputs(outputs: readonly (readonly [string, string | undefined])[], inputs: readonly (readonly [string, string | undefined])[]): Promise<void> {
  const outs = outputs.filter((o): o is readonly [string, string] => o[1] !== undefined);
  const ins = inputs.filter((i): i is readonly [string, string] => i[1] !== undefined);
  for (const [i, [flag, path]] of outs.entries()) {
    for (const [inFlag, inPath] of ins) if (await sameFile(path, inPath)) throw new UsageError(`${flag} ${path} is the same file as ${inFlag}: it would overwrite what it reads`);
    for (const [otherFlag, other] of outs.slice(i + 1)) if (await sameFile(path, other)) throw new UsageError(`${flag} and ${otherFlag} name the same file (${path}): give each its own`);
  }
  if (outs.length > 0) removeTemporariesOnSignals();
}

/** Runs the CLI; returns the exit code. Errors are one line on stderr (a stack too with --debug). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const [command, ...rest] = args;
  try {
    if (command === '--version' || command === '-V') {
      io.write(`config-lens ${version()}\n`);
      return 0;
    }
    // `<command> --help`: that command's usage, whatever else is given (nothing runs).
    if (hasUsage(command) && asksHelp(rest)) {
      io.write(`${commandUsage(command)}\n`);
      return 0;
    }
    switch (command) {
      case 'report':
        return await report(rest, io);
      case 'generate':
        return await generate(rest, io);
      case 'scan':
        return await scan(rest, io);
      case 'diff':
        return await diff(rest, io);
      case 'fake-jira':
        return await fakeJira(rest, io);
      case 'export-issues':
        return await exportIssues(rest, io);
      case 'serve':
        return await serve(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        // `help <command>`: that command's usage.
        io.write(`${hasUsage(rest[0]) ? commandUsage(rest[0]) : USAGE}\n`);
        return command === undefined ? 2 : 0;
      default: {
        const near = nearest(command, COMMANDS);
        throw new UsageError(`unknown command '${command}'${near === undefined ? '' : ` (did you mean '${near}'?)`}`);
      }
    }
  } catch (e) {
    const usage = e instanceof UsageError || (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'));
    let message = e instanceof Error ? e.message : String(e);
    // An option the command does not take: the nearest it does, when the slip is small.
    const unknown = e instanceof TypeError && 'code' in e && e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /Unknown option '(--[^']+)'/.exec(message)?.[1] : undefined;
    if (unknown !== undefined && command !== undefined) {
      const near = nearest(unknown, optionsOf(command));
      message = `${command}: unknown option '${unknown}'${near === undefined ? '' : ` (did you mean '${near}'?)`}`;
    }
    io.error(`config-lens: ${printable(message)}${usage ? ' (see config-lens help)' : ''}\n`);
    if (debug && e instanceof Error && e.stack !== undefined) io.error(`${e.stack}\n`);
    return usage ? 2 : 1;
  }
}

/** The process entry point used by bin/config-lens.js. */
export async function main(): Promise<void> {
  // A reader that stops early (`| head`) closes the pipe: stop quietly, as Unix tools do.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  const io: CliIo = {
    // A report printed to a terminal may hold Jira text: its control characters are shown, not obeyed.
    write: (t) => process.stdout.write(process.stdout.isTTY ? printable(t) : t),
    error: (t) => process.stderr.write(t),
    stdoutIsTTY: process.stdout.isTTY,
    stderrIsTTY: process.stderr.isTTY,
  };
  process.exitCode = await runCli(process.argv.slice(2), io);
}
