// The sites and transport nodes automation never acts on: shown to everyone, edited by automation admins.
import { useState } from 'react';
import type { Blocklist } from '../../../schema/autonomy.js';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { describeCallError } from '../../api/trpcClient.js';
import { AUTOMATION_MESSAGES } from './automationMessages.js';
import { AUTONOMY_MESSAGES } from './autonomyMessages.js';
import { parseIdList } from './autonomyFormat.js';

export interface BlocklistEditorProps {
  blocklist: Blocklist;
  onSave?: (b: Blocklist) => Promise<void>;
}

const Ids = ({ ids, none }: { ids: readonly number[]; none: string }) =>
  ids.length ? <span className="id-chips">{ids.map((id) => <span key={id} className="badge num">{id}</span>)}</span> : <span className="muted">{none}</span>;

export function BlocklistEditor({ blocklist, onSave }: BlocklistEditorProps) {
  const t = useMessages(AUTONOMY_MESSAGES);
  const ta = useMessages(AUTOMATION_MESSAGES);
  const { t: common } = useI18n();
  const [editing, setEditing] = useState(false);
  const [sites, setSites] = useState('');
  const [nodes, setNodes] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const start = () => { setSites(blocklist.siteIds.join(', ')); setNodes(blocklist.transportNodeIds.join(', ')); setError(null); setEditing(true); };
  const siteIds = parseIdList(sites);
  const nodeIds = parseIdList(nodes);
  const save = async () => {
    if (!onSave || !siteIds || !nodeIds) return;
    setBusy(true);
    setError(null);
    try { await onSave({ siteIds, transportNodeIds: nodeIds }); setEditing(false); } catch (e) { setError(describeCallError(e, common, t('blocklist.saving'))); } finally { setBusy(false); }
  };
  if (!editing) {
    return (
      <div className="blocklist" data-testid="blocklist">
        <div><span className="label">{t('blocklist.sites')}</span> <Ids ids={blocklist.siteIds} none={t('blocklist.noSites')} /></div>
        <div><span className="label">{t('blocklist.nodes')}</span> <Ids ids={blocklist.transportNodeIds} none={t('blocklist.noNodes')} /></div>
        {onSave && <button type="button" className="btn plain" onClick={start}>{t('blocklist.edit')}</button>}
      </div>
    );
  }
  return (
    <div className="blocklist editing" data-testid="blocklist">
      <label><span className="label">{t('blocklist.siteIds')}</span>
        <input value={sites} onChange={(e) => setSites(e.target.value)} placeholder={t('blocklist.sitesExample')} aria-invalid={siteIds === null} aria-describedby={siteIds === null ? 'blocklist-sites-error' : undefined} />
      </label>
      {siteIds === null && <p className="field-error" id="blocklist-sites-error">{t('blocklist.invalid', { value: sites })}</p>}
      <label><span className="label">{t('blocklist.nodeIds')}</span>
        <input value={nodes} onChange={(e) => setNodes(e.target.value)} placeholder={t('blocklist.nodesExample')} aria-invalid={nodeIds === null} aria-describedby={nodeIds === null ? 'blocklist-nodes-error' : undefined} />
      </label>
      {nodeIds === null && <p className="field-error" id="blocklist-nodes-error">{t('blocklist.invalid', { value: nodes })}</p>}
      <span className="row">
        <button type="button" className="btn" disabled={busy || siteIds === null || nodeIds === null} onClick={() => void save()}>{t('blocklist.save')}</button>
        <button type="button" className="btn plain" disabled={busy} onClick={() => setEditing(false)}>{t('cancel')}</button>
      </span>
      {error && <p className="action-error" role="alert">{error}</p>}
    </div>
  );
}
