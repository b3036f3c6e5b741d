import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import SectionMessage from '@atlaskit/section-message';
import { useId, useRef, useState } from 'react';
import { call, failureTitle, messageOf, type ApiResults } from './api';

type ScanRecord = ApiResults['scan.list'][number];

/** Characters per upload call; the resolver takes at most 100,000. */
const PART_CHARS = 90_000;

/** "3 days ago", "2 hours ago", "just now". */
export function age(iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  if (minutes < 2) return 'just now';
  if (minutes < 120) return `${minutes} minutes ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hours ago`;
  return `${Math.round(hours / 24)} days ago`;
}

/**
 * Automation rules on the Overview. Atlassian's Automation API refuses Forge apps, so the rules come from the export an
 * admin downloads from global automation: uploaded here in parts, checked by the resolver, merged into the newest scan
 * and the next ones until removed or replaced. Until then the page says that rules were not read.
 */
export function AutomationRules({ scan, onChanged }: { readonly scan: ScanRecord; readonly onChanged: () => void }) {
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<string | undefined>();
  const [error, setError] = useState<{ title: string; message: string } | undefined>();
  const [leftOut, setLeftOut] = useState<readonly string[]>([]);
  const given = scan.automation;

  const upload = async (file: File): Promise<void> => {
    setError(undefined);
    setLeftOut([]);
    try {
      const text = await file.text();
      const parts = Math.max(1, Math.ceil(text.length / PART_CHARS));
      let uploadId: string | undefined;
      for (let part = 0; part < parts; part++) {
        setBusy(`Uploading ${file.name}: part ${part + 1} of ${parts}…`);
        const result = await call('automation.upload', { ...(uploadId === undefined ? {} : { uploadId }), part, parts, fileName: file.name, text: text.slice(part * PART_CHARS, (part + 1) * PART_CHARS) });
        uploadId = result.uploadId;
        if (result.state === 'applied') setLeftOut(result.leftOut);
      }
      onChanged();
    } catch (e) {
      setError({ title: failureTitle(e, 'The rules export could not be used'), message: messageOf(e) });
    } finally {
      setBusy(undefined);
      if (input.current !== null) input.current.value = '';
    }
  };

  const remove = async (): Promise<void> => {
    setError(undefined);
    setBusy('Removing the rules export…');
    try {
      await call('automation.remove', {});
      onChanged();
    } catch (e) {
      setError({ title: failureTitle(e, 'The rules export could not be removed'), message: messageOf(e) });
    } finally {
      setBusy(undefined);
    }
  };

  const picker = (
    <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
      <label htmlFor={inputId}>{given === undefined ? 'Upload the rules export (JSON):' : 'Replace with another export (JSON):'}</label>
      <input
        ref={input}
        id={inputId}
        type="file"
        accept="application/json,.json"
        disabled={busy !== undefined}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          if (file !== undefined) void upload(file);
        }}
      />
      {given !== undefined ? (
        <Button appearance="subtle" isDisabled={busy !== undefined} onClick={() => void remove()}>
          Remove the rules export
        </Button>
      ) : null}
    </div>
  );

  return (
    <section aria-labelledby={`${inputId}-heading`} style={{ margin: '16px 0' }}>
      <Heading size="small" as="h3" id={`${inputId}-heading`}>
        Automation rules
      </Heading>
      {given === undefined ? (
        <SectionMessage appearance="warning" title="Automation rules not read">
          <p>
            Atlassian's Automation API does not accept Forge apps, so a field, status, group or filter used only by an Automation rule shows here without
            that use. In Jira, open Settings → System → Global automation, choose ⋯ → Export rules, and upload the file below. It stays with this site's
            scans until you remove or replace it.
          </p>
        </SectionMessage>
      ) : (
        <p>
          Rules from <strong>{given.fileName}</strong>: {given.rules} rule{given.rules === 1 ? '' : 's'}
          {given.leftOut > 0 ? `, ${given.leftOut} left out (see the coverage gaps)` : ''}, uploaded {age(given.uploadedAt)} (
          {new Date(given.uploadedAt).toLocaleString()}). Rules changed in Jira since then are not seen until you upload a new export.
        </p>
      )}
      {picker}
      {busy !== undefined ? (
        <p role="status" aria-live="polite">
          {busy}
        </p>
      ) : null}
      {leftOut.length > 0 ? (
        <SectionMessage appearance="information" title={`${leftOut.length} rule(s) of the file left out`}>
          <ul>
            {leftOut.slice(0, 10).map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </SectionMessage>
      ) : null}
      {error !== undefined ? (
        <SectionMessage appearance="error" title={error.title}>
          <p>{error.message}</p>
        </SectionMessage>
      ) : null}
    </section>
  );
}
