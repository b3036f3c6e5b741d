import { parseArgs } from 'node:util';
import { REPORT_NAMES, type ReportName } from '../../domain/analysis/types';
import { OBJECT_KINDS, type ObjectKind } from '../../domain/model';
import { REPORT_FORMATS, renderReport, type ReportFormat } from '../../domain/report-format';
import { writeFileAtomic } from '../../adapters/node/files';
import { writeSnapshotFile } from '../../adapters/node/snapshot-file';
import { generateSnapshot, SYNTHETIC_PRESETS, type SyntheticPreset } from '../../adapters/synthetic/generator';
import { createContainer, progressModule, snapshotFileModule } from '../container';
import { ReportUseCaseId } from '../report-use-case';

/** Where the CLI writes; injectable so tests run it in-process. */
export interface CliIo {
  write(text: string): void;
  /** Writes to stderr; callers pass whole lines, newline included. */
  error(text: string): void;
  readonly stdoutIsTTY: boolean;
}

/** A problem with how the command was called: exit code 2. */
export class UsageError extends Error {}

const USAGE = `Usage:
  config-lens report <${REPORT_NAMES.join('|')}>
      --instance <snapshot.json> [--object <kind:id>] [--kind <kind>]
      [--format csv|json|md] [--out <file>] [--bom] [--no-formula-guard]
  config-lens generate --preset <${Object.keys(SYNTHETIC_PRESETS).join('|')}> [--seed <n>] --out <snapshot.json>
  config-lens help

Objects are written kind:id, e.g. field:customfield_10010, project:ENG, workflow:"ENG: Bug Workflow".
Kinds: ${OBJECT_KINDS.join(', ')}.
Format: given by --format, else by the --out file's extension, else md.`;

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag}: '${value}' is not one of ${allowed.join(', ')}`);
}

function formatFor(format: string | undefined, out: string | undefined): ReportFormat {
  if (format !== undefined) return oneOf(format, REPORT_FORMATS, '--format');
  const ext = out?.split('.').pop()?.toLowerCase();
  return ext === 'csv' || ext === 'json' || ext === 'md' ? ext : 'md';
}

async function report(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      instance: { type: 'string' },
      object: { type: 'string' },
      kind: { type: 'string' },
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
  if (values.instance === undefined) throw new UsageError('--instance <snapshot.json> is required');
  const kind: ObjectKind | undefined = values.kind === undefined ? undefined : oneOf(values.kind, OBJECT_KINDS, '--kind');
  if ((reportName === 'where-used' || reportName === 'impact') && values.object === undefined) {
    throw new UsageError(`--object <kind:id> is required for the ${reportName} report`);
  }
  const format = formatFor(values.format, values.out);

  const container = createContainer(
    snapshotFileModule(values.instance),
    progressModule({
      report: (e) => {
        if (values.quiet !== true && e.phase !== 'loading snapshot') io.error(`${e.phase}: ${e.done}/${e.total ?? '?'}\n`);
      },
    }),
  );
  const useCase = container.get(ReportUseCaseId);
  const result = await useCase.run({
    report: reportName,
    ...(values.object === undefined ? {} : { object: values.object }),
    ...(kind === undefined ? {} : { kind }),
  });
  if (!result.ok) throw new Error(`--object: ${result.error}`);
  const title = `${reportName}${values.object === undefined ? '' : ` of ${values.object}`} — ${values.instance}`;
  const chunks = renderReport(result.value, format, { bom: values.bom === true, formulaGuard: values['no-formula-guard'] !== true, title });
  if (values.out === undefined) {
    for (const chunk of chunks) io.write(chunk);
  } else {
    await writeFileAtomic(values.out, chunks);
    io.error(`wrote ${result.value.rows.length} row(s) to ${values.out}\n`);
  }
  return 0;
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
  await writeSnapshotFile(values.out, generateSnapshot({ preset, seed }));
  io.error(`wrote the ${preset} synthetic site (seed ${seed}) to ${values.out}\n`);
  return 0;
}

/** Runs the CLI; returns the exit code. Errors are one line on stderr (a stack too with --debug). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const [command, ...rest] = args;
  try {
    switch (command) {
      case 'report':
        return await report(rest, io);
      case 'generate':
        return await generate(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.write(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (e) {
    const usage = e instanceof UsageError || (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'));
    const message = e instanceof Error ? e.message : String(e);
    io.error(`config-lens: ${message}${usage ? ' (see config-lens help)' : ''}\n`);
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
    write: (t) => process.stdout.write(t),
    error: (t) => process.stderr.write(t),
    stdoutIsTTY: process.stdout.isTTY,
  };
  process.exitCode = await runCli(process.argv.slice(2), io);
}
