// A just-issued API token's secret, shown this once with a copy button (the server keeps only its hash).
import { useState } from 'react';
import type { IssuedToken } from './adminTypes.js';

async function copyText(text: string, input: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard API outside a secure context (plain http on a LAN address): select and copy the old way.
    input?.select();
    return document.execCommand?.('copy') ?? false;
  }
}

export function TokenSecret({ issued, onDone }: { issued: IssuedToken; onDone: () => void }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const [input, setInput] = useState<HTMLInputElement | null>(null);
  return (
    <section className="panel token-secret" role="alert" aria-label="New token secret">
      <h2>Token “{issued.token.label}” for {issued.token.username}</h2>
      <p className="tone-warn"><b>Copy this secret now.</b> It will not be shown again: OpsDeck stores only its hash. Whoever holds it acts as {issued.token.username}.</p>
      <div className="secret-row">
        <input ref={setInput} readOnly value={issued.secret} aria-label="token secret" className="num" onFocus={(e) => e.target.select()} />
        <button type="button" className="primary" onClick={() => void copyText(issued.secret, input).then(setCopied)}>Copy</button>
        {copied === true && <span className="tone-good">copied</span>}
        {copied === false && <span className="tone-warn">select the text and copy it by hand</span>}
      </div>
      <p className="muted small">Use it as <code>Authorization: Bearer &lt;secret&gt;</code>.</p>
      <button type="button" onClick={onDone}>I have stored it</button>
    </section>
  );
}
