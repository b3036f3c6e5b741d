import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import ProgressBar from '@atlaskit/progress-bar';
import Select from '@atlaskit/select';
import SectionMessage from '@atlaskit/section-message';
import TextArea from '@atlaskit/textarea';
import Textfield from '@atlaskit/textfield';
import { useEffect, useMemo, useState } from 'react';
import type { Field } from '../../../src/domain/model';
import { catalogueInPage, exportInPage, previewInPage, type PageExportProgress, type PageExportRequest } from '../../../src/app/page-export';
import { downloadBlob, messageOf } from './api';
import { bridgeHttp } from './bridge-http';
import { Failure, Loading } from './states';
import { fieldsFor } from './text';

type FieldOption = Field;

const optionOf = (f: Field) => ({ value: f.id, label: `${f.name} (${f.id})`, field: f });
type Preview = Awaited<ReturnType<typeof previewInPage>>;

/**
 * CSV characters the page assembles at most (the browser keeps the file's parts, page by page, until it is saved: a
 * Custom UI page, in Jira's frame, cannot write a file as it goes). Past it the export stops with an error, never a
 * cut file.
 */
const MAX_CSV_CHARS = 250_000_000;

interface Options {
  readonly multi: 'joined' | 'columns';
  readonly separator: string;
  readonly accountIds: boolean;
  readonly bom: boolean;
  readonly formulaGuard: boolean;
}

/**
 * Issues found by JQL as CSV: field picker, options, a preview of the first rows, then an export that reads Jira from
 * this page through the bridge, page by page with progress, and the download. Searches run as the signed-in admin,
 * so the file holds only issues they may see; nothing of the issues reaches the app's storage.
 */
export function ExportIssues() {
  const [fields, setFields] = useState<readonly FieldOption[] | undefined>();
  const [fieldsError, setFieldsError] = useState<string | undefined>();
  const [jql, setJql] = useState('');
  const [picked, setPicked] = useState<readonly FieldOption[]>([]);
  const [options, setOptions] = useState<Options>({ multi: 'joined', separator: '; ', accountIds: false, bom: true, formulaGuard: true });
  const [preview, setPreview] = useState<Preview | undefined>();
  const [busy, setBusy] = useState<'preview' | 'export' | undefined>();
  const [progress, setProgress] = useState<PageExportProgress | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const [notices, setNotices] = useState<readonly string[]>([]);
  const [typed, setTyped] = useState('');
  const offered = useMemo(() => (fields === undefined ? [] : fieldsFor(fields, typed).map(optionOf)), [fields, typed]);

  useEffect(() => {
    catalogueInPage(bridgeHttp)
      .then((f) => { setFields(f.sort((a, b) => a.name.localeCompare(b.name))); })
      .catch((e: unknown) => { setFieldsError(messageOf(e)); });
  }, []);

  const request = (): PageExportRequest => ({
    jql: jql.trim(),
    fields: picked.map((f) => f.id),
    render: { multi: options.multi, separator: options.separator, accountIds: options.accountIds },
    csv: { bom: options.bom, formulaGuard: options.formulaGuard },
  });

  // Both read Jira from this page, as you (no app points); nothing of the issues reaches the app's storage.
  const runPreview = async (): Promise<void> => {
    setBusy('preview');
    setError(undefined);
    try {
      setPreview(await previewInPage(bridgeHttp, request(), fields));
    } catch (e) {
      setPreview(undefined);
      setError(messageOf(e));
    } finally {
      setBusy(undefined);
    }
  };

  const runExport = async (): Promise<void> => {
    setBusy('export');
    setError(undefined);
    setDone(undefined);
    setNotices([]);
    setProgress(undefined);
    try {
      // The CSV page by page as Blob parts: the browser keeps them (on disk when large), not this page's memory.
      const parts: Blob[] = [];
      const result = await exportInPage({
        http: bridgeHttp,
        request: request(),
        ...(fields === undefined ? {} : { catalogue: fields }),
        sink: { write: (text) => { parts.push(new Blob([text])); return Promise.resolve(); } },
        maxChars: MAX_CSV_CHARS,
        onProgress: setProgress,
      });
      downloadBlob(`issues-${new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '')}.csv`, new Blob(parts, { type: 'text/csv;charset=utf-8' }));
      setDone(`Exported ${result.rows.toLocaleString()} issue${result.rows === 1 ? '' : 's'}.`);
      setNotices(result.notices);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(undefined);
    }
  };

  const canRun = jql.trim() !== '' && busy === undefined;
  return (
    <section aria-labelledby="export-heading" style={{ marginTop: 16, minWidth: 0, width: "100%" }}>
      <Heading size="medium" as="h2" id="export-heading">
        Export issues
      </Heading>
      <p>
        Issues are searched from this page, as you: the file holds only issues you may see, and nothing of them is stored by Config Lens. Values are written as
        people read them (names, not ids), ready for Excel and Google Sheets. Your browser assembles the file page by page and saves it when the export ends,
        up to {Math.round(MAX_CSV_CHARS / 1e6)} MB of CSV; a larger export stops and says so (narrow the JQL and export in parts). One column per value reads the
        issues twice (the first read counts the columns).
      </p>
      <div style={{ maxWidth: 760, display: 'flex', flexDirection: 'column', gap: 12 }}>
        <div>
          <label htmlFor="export-jql">JQL</label>
          <TextArea id="export-jql" name="jql" placeholder="project = ENG AND statusCategory != Done ORDER BY created DESC" value={jql} onChange={(e) => { setJql(e.currentTarget.value); }} minimumRows={2} />
        </div>
        <div>
          <label htmlFor="export-fields">Fields (none picked: the fields Jira shows in the issue navigator)</label>
          {fieldsError !== undefined ? <Failure title="Fields could not be read" message={fieldsError} /> : null}
          {fields === undefined && fieldsError === undefined ? <Loading what="fields" /> : null}
          {fields === undefined ? null : (
            <Select
              inputId="export-fields"
              isMulti
              placeholder="Search fields by name or id"
              options={offered}
              value={picked.map(optionOf)}
              onInputChange={(text) => { setTyped(text); }}
              onChange={(selected) => { setPicked(selected.map((o) => o.field)); }}
            />
          )}
        </div>
        <fieldset style={{ border: '1px solid #dfe1e6', borderRadius: 4, padding: 12 }}>
          <legend>Options</legend>
          <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap', alignItems: 'center' }}>
            <label>
              <input type="radio" name="multi" checked={options.multi === 'joined'} onChange={() => { setOptions({ ...options, multi: 'joined' }); }} /> Several values in one cell
            </label>
            <label>
              <input type="radio" name="multi" checked={options.multi === 'columns'} onChange={() => { setOptions({ ...options, multi: 'columns' }); }} /> One column per value (like Jira's export)
            </label>
            <label htmlFor="export-separator">Separator</label>
            <div style={{ width: 80 }}>
              <Textfield id="export-separator" value={options.separator} isDisabled={options.multi === 'columns'} onChange={(e) => { setOptions({ ...options, separator: e.currentTarget.value }); }} />
            </div>
          </div>
          <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap', marginTop: 8 }}>
            <label>
              <input type="checkbox" checked={options.accountIds} onChange={(e) => { setOptions({ ...options, accountIds: e.currentTarget.checked }); }} /> Add account id columns for users
            </label>
            <label>
              <input type="checkbox" checked={options.bom} onChange={(e) => { setOptions({ ...options, bom: e.currentTarget.checked }); }} /> Byte order mark (for Excel)
            </label>
            <label>
              <input type="checkbox" checked={options.formulaGuard} onChange={(e) => { setOptions({ ...options, formulaGuard: e.currentTarget.checked }); }} /> Guard against formulas (recommended)
            </label>
          </div>
        </fieldset>
        <div style={{ display: 'flex', gap: 8 }}>
          <Button isDisabled={!canRun} onClick={() => void runPreview()}>
            Preview
          </Button>
          <Button appearance="primary" isDisabled={!canRun} onClick={() => void runExport()}>
            Export CSV
          </Button>
        </div>
      </div>
      {error !== undefined ? <Failure title="Jira did not accept the export" message={error} /> : null}
      {busy === 'preview' ? <Loading what="the preview" /> : null}
      {busy === 'export' && progress !== undefined ? (
        <div role="status" aria-live="polite" style={{ margin: '12px 0', maxWidth: 760 }}>
          <p>
            {progress.pass === 'counting' ? 'Counting the columns: ' : 'Exporting: '}
            {progress.rows.toLocaleString()} of about {Math.max(progress.total, progress.rows).toLocaleString()} issues. Keep this page open until the download
            starts.
          </p>
          <ProgressBar ariaLabel="Export progress" value={progress.total === 0 ? 0 : Math.min(1, progress.rows / progress.total)} />
        </div>
      ) : null}
      {done !== undefined ? (
        <div role="status" style={{ margin: '12px 0' }}>
          <SectionMessage appearance="success" title="Export finished">
            <p>{done}</p>
          </SectionMessage>
          {notices.length === 0 ? null : (
            <SectionMessage appearance="warning" title="Some values could not be read">
              <ul>
                {notices.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            </SectionMessage>
          )}
        </div>
      ) : null}
      {preview === undefined ? null : (
        <div style={{ marginTop: 16 }}>
          <Heading size="small" as="h3">
            Preview: first {preview.rows.length} of about {preview.total.toLocaleString()} issues
          </Heading>
          {preview.rows.length === 0 ? (
            <p>The query finds no issues.</p>
          ) : (
            <div role="region" aria-label="Export preview, scrolls sideways" tabIndex={0} style={{ overflowX: 'auto', maxWidth: '100%', border: '1px solid #dfe1e6', borderRadius: 4 }}>
              <table aria-label="Export preview" style={{ borderCollapse: 'collapse', fontSize: 12, width: 'max-content' }}>
                <thead>
                  <tr>
                    {preview.columns.map((c, i) => (
                      <th key={i} scope="col" style={{ textAlign: 'left', padding: '4px 8px', borderBottom: '2px solid #dfe1e6', position: 'sticky', top: 0, background: '#fff' }}>
                        {c}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {preview.rows.map((row, r) => (
                    <tr key={r}>
                      {preview.columns.map((_, i) => (
                        <td key={i} style={{ padding: '4px 8px', borderBottom: '1px solid #ebecf0', verticalAlign: 'top', maxWidth: 320, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                          {row[i] ?? ''}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
