// A translated sentence with React elements (a <Time>, a link, a bold name) where some of its {placeholders} stand:
// translate with the plain params, leave these placeholders out, and fill them here, so word order stays the language's.
import { Fragment, type ReactNode } from 'react';

export function rich(text: string, nodes: Readonly<Record<string, ReactNode>>): ReactNode {
  const parts = text.split(/\{(\w+)\}/g);
  // split with a capture group: even indexes are text, odd ones placeholder names.
  return parts.map((p, i) => (i % 2 === 0 ? p : <Fragment key={i}>{p in nodes ? nodes[p] : `{${p}}`}</Fragment>));
}
