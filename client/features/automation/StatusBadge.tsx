// A badge or a dot in a vocabulary term's colour (ticketVocabulary.ts): the label stays in the text colour on a tint
// of the term's colour, so it reads in both themes.
import type { CSSProperties, ReactNode } from 'react';
import type { Term } from './ticketVocabulary.js';
import './automation.css';

export function StatusBadge({ term, title, testId, strong = false, children }: { term: Term; title?: string; testId?: string; strong?: boolean; children?: ReactNode }) {
  return (
    <span className={`status-badge${strong ? ' strong' : ''}`} data-tone={term.tone} style={{ '--c': term.color } as CSSProperties} title={title} data-testid={testId}>
      {children ?? term.label}
    </span>
  );
}

/** A small coloured dot (filter chips, legends, lead times) beside a label in the text colour, given by the caller. */
export function StatusDot({ color }: { color: string }) {
  return <span className="status-dot" style={{ '--c': color } as CSSProperties} aria-hidden="true" />;
}
