import Heading from '@atlaskit/heading';
import { useEffect, useId, useState } from 'react';
import { call, failureTitle, messageOf, type ApiResults } from './api';

type Settings = ApiResults['schedule.get'];
type Schedule = Settings['schedule'];

const LABELS: Readonly<Record<Schedule, string>> = { off: 'Off (scan only when someone presses Scan now)', daily: 'Daily', weekly: 'Weekly' };

/** Scheduled scans: off, daily or weekly. A scheduled scan is an ordinary scan, started by Forge's daily trigger. */
export function ScheduleControl() {
  const id = useId();
  const [settings, setSettings] = useState<Settings | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    call('schedule.get', {})
      .then(setSettings)
      .catch((e: unknown) => { setError(`${failureTitle(e, 'The schedule could not be read')}: ${messageOf(e)}`); });
  }, []);

  const choose = async (schedule: Schedule): Promise<void> => {
    setSaving(true);
    setError(undefined);
    try {
      setSettings(await call('schedule.set', { schedule }));
    } catch (e) {
      setError(`${failureTitle(e, 'The schedule could not be saved')}: ${messageOf(e)}`);
    } finally {
      setSaving(false);
    }
  };

  return (
    <section aria-labelledby={`${id}-heading`} style={{ marginTop: 16 }}>
      <Heading size="small" as="h3" id={`${id}-heading`}>
        Scheduled scans
      </Heading>
      <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
        <label htmlFor={id}>Scan this site</label>
        <select id={id} value={settings?.schedule ?? 'off'} disabled={settings === undefined || saving} onChange={(e) => void choose(e.currentTarget.value as Schedule)}>
          {(Object.keys(LABELS) as Schedule[]).map((s) => (
            <option key={s} value={s}>
              {LABELS[s]}
            </option>
          ))}
        </select>
        {settings?.lastRunAt === undefined ? null : (
          <span>
            Last scheduled run {new Date(settings.lastRunAt).toLocaleString()}
            {settings.lastOutcome === undefined ? '' : `: ${settings.lastOutcome}`}.
          </span>
        )}
      </div>
      {error === undefined ? null : <p role="alert">{error}</p>}
    </section>
  );
}
