import { runCli } from '../../src/app/cli/main';

/** Runs the CLI in this process, as a terminal-less caller would, collecting stdout and stderr. */
export async function cliInProcess(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { write: (t) => (out += t), error: (t) => (err += t), stdoutIsTTY: false });
  return { code, out, err };
}
