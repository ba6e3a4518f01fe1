// A just-issued API token's secret, shown this once with a copy button (the server keeps only its hash).
import { useState } from 'react';
import { useMessages } from '../../i18n/I18nProvider.js';
import { ADMIN_MESSAGES } from './adminMessages.js';
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
  const t = useMessages(ADMIN_MESSAGES);
  const [copied, setCopied] = useState<boolean | null>(null);
  const [input, setInput] = useState<HTMLInputElement | null>(null);
  return (
    <section className="panel token-secret" role="alert" aria-label={t('newSecret')}>
      <h2>{t('secretTitle', { label: issued.token.label, user: issued.token.username })}</h2>
      <p className="tone-warn"><b>{t('secretWarn')}</b> {t('secretWarnRest', { user: issued.token.username })}</p>
      <div className="secret-row">
        <input ref={setInput} readOnly value={issued.secret} aria-label={t('secretLabel')} className="num" onFocus={(e) => e.target.select()} />
        <button type="button" className="primary" onClick={() => void copyText(issued.secret, input).then(setCopied)}>{t('copy')}</button>
        {copied === true && <span className="tone-good">{t('copied')}</span>}
        {copied === false && <span className="tone-warn">{t('copyByHand')}</span>}
      </div>
      <p className="muted small">{t('secretUse')} <code>Authorization: Bearer &lt;secret&gt;</code></p>
      <button type="button" onClick={onDone}>{t('secretStored')}</button>
    </section>
  );
}
