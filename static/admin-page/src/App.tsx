import Heading from '@atlaskit/heading';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import { useCallback, useState } from 'react';
import { Explorer } from './Explorer';
import { Cleanup } from './Cleanup';
import { ExportIssues } from './ExportIssues';
import { History } from './History';
import { Overview } from './Overview';
import { Reports } from './Reports';

/** The admin page: tabs over the newest finished scan (Overview starts scans), its history, and issue export. */
export function App() {
  const [tab, setTab] = useState(0);
  // Bumped when a scan finishes, so that the other tabs read the new results.
  const [scanVersion, setScanVersion] = useState(0);
  const scanFinished = useCallback(() => { setScanVersion((v) => v + 1); }, []);
  return (
    <main style={{ padding: '16px 24px', maxWidth: 1280 }}>
      <Heading size="large" as="h1">
        Config Lens
      </Heading>
      <p style={{ margin: '4px 0 16px' }}>Where your Jira configuration is used, what a change would break, and what is unused, duplicated or broken.</p>
      <Tabs id="config-lens-tabs" selected={tab} onChange={setTab}>
        <TabList>
          <Tab>Overview</Tab>
          <Tab>Explorer</Tab>
          <Tab>Cleanup</Tab>
          <Tab>Reports</Tab>
          <Tab>History</Tab>
          <Tab>Export issues</Tab>
        </TabList>
        <TabPanel>
          <Overview onScanFinished={scanFinished} />
        </TabPanel>
        <TabPanel>
          <Explorer scanVersion={scanVersion} />
        </TabPanel>
        <TabPanel>
          <Cleanup scanVersion={scanVersion} />
        </TabPanel>
        <TabPanel>
          <Reports scanVersion={scanVersion} />
        </TabPanel>
        <TabPanel>
          <History scanVersion={scanVersion} />
        </TabPanel>
        <TabPanel>
          <ExportIssues />
        </TabPanel>
      </Tabs>
    </main>
  );
}
