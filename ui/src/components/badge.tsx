import type { ReactNode } from 'react';

export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger' | 'accent';

export function Badge({
  tone = 'neutral',
  children,
  title,
  'data-outcome': outcome,
}: {
  tone?: Tone;
  children: ReactNode;
  title?: string;
  'data-outcome'?: string;
}) {
  return (
    <span className={`badge badge-${tone}`} title={title} data-outcome={outcome}>
      {children}
    </span>
  );
}
