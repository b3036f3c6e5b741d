import Button from '@atlaskit/button/new';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import type { ReactNode } from 'react';

/** A labelled spinner: what is loading, said in words for screen readers too. */
export function Loading({ what }: { readonly what: string }) {
  return (
    <div role="status" aria-live="polite" style={{ display: 'flex', gap: 8, alignItems: 'center', padding: '16px 0' }}>
      <Spinner size="medium" label={`Loading ${what}`} />
      <span>Loading {what}…</span>
    </div>
  );
}

/** An error with what went wrong, as the resolver said it, and a way to try again. */
export function Failure({ title, message, onRetry }: { readonly title: string; readonly message: string; readonly onRetry?: () => void }) {
  return (
    <div role="alert" style={{ margin: '12px 0' }}>
      <SectionMessage appearance="error" title={title}>
        <p>{message}</p>
        {onRetry === undefined ? null : (
          <p>
            <Button onClick={onRetry}>Try again</Button>
          </p>
        )}
      </SectionMessage>
    </div>
  );
}

/** Nothing to show yet, and why, and what to do. */
export function Empty({ title, children }: { readonly title: string; readonly children?: ReactNode }) {
  return (
    <div style={{ margin: '12px 0' }}>
      <SectionMessage appearance="information" title={title}>
        {children}
      </SectionMessage>
    </div>
  );
}
