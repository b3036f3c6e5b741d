import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startFakeJiraServer, type FakeJiraServer } from '../src/adapters/fake-jira/http-server';
import { parseRecording, type Recording } from '../src/adapters/recording/recording';
import { ReplayConfigurationSource, ReplayMissError } from '../src/adapters/recording/replay';
import { readSnapshotFile } from '../src/adapters/node/snapshot-file';
import { runCli } from '../src/app/cli/main';
import { loadSample } from './support/sample';
import { tempDir } from './support/temp';

const dir = tempDir('config-lens-recording-');
const TOKEN = 'test-token-not-a-secret-0123456789';
let fake: FakeJiraServer;
let recordingPath: string;
let snapshotPath: string;

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { write: (t) => (out += t), error: (t) => (err += t), stdoutIsTTY: false });
  return { code, out, err };
}

beforeAll(async () => {
  fake = await startFakeJiraServer(loadSample(), { faultRate: 0.05, seed: 7 });
  recordingPath = join(dir, 'acme.recording.json');
  snapshotPath = join(dir, 'acme.json');
  const result = await cli('scan', '--site', fake.url, '--email', 'qa@acme.test', '--token', TOKEN, '--out', snapshotPath, '--record', recordingPath, '--quiet');
  expect(result.err).toMatch(/^recorded \d+ exchange\(s\) to /);
  // The site is gone: whatever the replays below get, they get from the recording.
  await fake.close();
});

describe('record and replay', () => {
  it('never writes the token or an Authorization header into a recording', () => {
    const text = readFileSync(recordingPath, 'utf8');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(Buffer.from(`qa@acme.test:${TOKEN}`).toString('base64'));
    expect(text.toLowerCase()).not.toContain('authorization');
  });

  it('keeps exchanges sorted by request, faults included, so that recordings diff cleanly', () => {
    const recording = parseRecording(JSON.parse(readFileSync(recordingPath, 'utf8')), recordingPath);
    const keys = recording.exchanges.map((e) => `${e.method} ${e.path}?${new URLSearchParams(e.query.map(([k, v]) => [k, v])).toString()}`);
    expect(keys).toEqual([...keys].sort());
    expect(recording.exchanges.some((e) => e.status === 429 || e.status === 503)).toBe(true);
    expect(recording.exchanges.find((e) => e.status === 429)?.headers['retry-after']).toBe('1');
  });

  it('replays through the production adapter to the very snapshot the scan produced', async () => {
    const recording = parseRecording(JSON.parse(readFileSync(recordingPath, 'utf8')), recordingPath);
    const replayed = await new ReplayConfigurationSource(recording, recordingPath).load();
    expect(replayed).toEqual(await readSnapshotFile(snapshotPath));
    expect(replayed).toEqual(recording.snapshot);
  });

  it('gives the same report from --replay as from --instance of the scanned snapshot', async () => {
    const replay = await cli('report', 'references', '--replay', recordingPath, '--format', 'csv', '--quiet');
    const instance = await cli('report', 'references', '--instance', snapshotPath, '--format', 'csv', '--quiet');
    expect(replay.code).toBe(0);
    expect(replay.out).toBe(instance.out);
  });

  it('fails loudly, naming the request, when the recording lacks a response', async () => {
    const recording = JSON.parse(readFileSync(recordingPath, 'utf8')) as Recording;
    const trimmed = { ...recording, exchanges: recording.exchanges.filter((e) => e.path !== '/rest/api/3/role') };
    const path = join(dir, 'trimmed.json');
    writeFileSync(path, JSON.stringify(trimmed));
    await expect(new ReplayConfigurationSource(parseRecording(trimmed, path), path).load()).rejects.toThrow(new ReplayMissError(path, ['GET /rest/api/3/role?']));
    const result = await cli('report', 'health', '--replay', path, '--quiet');
    expect(result).toMatchObject({ code: 1, err: `config-lens: ${path}: the recording holds no response for GET /rest/api/3/role?\n` });
  });

  it('names the JSON path of an invalid recording', () => {
    expect(() => parseRecording({ version: 1, site: 'x', recordedAt: 'y', exchanges: [{ method: 'GET' }], snapshot: {} }, 'bad.json')).toThrow(/^bad\.json: \$\.exchanges\[0\]\.path: /);
  });
});
