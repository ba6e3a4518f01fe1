// The sites and transport nodes automation never acts on: shown to everyone, edited by automation admins.
import { useState } from 'react';
import type { Blocklist } from '../../../schema/autonomy.js';
import { describeCallError } from '../../api/trpcClient.js';
import { parseIdList } from './autonomyFormat.js';

export interface BlocklistEditorProps {
  blocklist: Blocklist;
  onSave?: (b: Blocklist) => Promise<void>;
}

const Ids = ({ ids, what }: { ids: readonly number[]; what: string }) =>
  ids.length ? <span className="id-chips">{ids.map((id) => <span key={id} className="badge">{id}</span>)}</span> : <span className="muted">no {what}</span>;

export function BlocklistEditor({ blocklist, onSave }: BlocklistEditorProps) {
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
    try { await onSave({ siteIds, transportNodeIds: nodeIds }); setEditing(false); } catch (e) { setError(describeCallError(e, 'Saving the blocklist')); } finally { setBusy(false); }
  };
  if (!editing) {
    return (
      <div className="blocklist" data-testid="blocklist">
        <div><span className="label">sites</span> <Ids ids={blocklist.siteIds} what="sites" /></div>
        <div><span className="label">transport nodes</span> <Ids ids={blocklist.transportNodeIds} what="transport nodes" /></div>
        {onSave && <button type="button" className="btn plain" onClick={start}>Edit blocklist</button>}
      </div>
    );
  }
  return (
    <div className="blocklist editing" data-testid="blocklist">
      <label><span className="label">site ids</span>
        <input value={sites} onChange={(e) => setSites(e.target.value)} placeholder="e.g. 4, 17" aria-invalid={siteIds === null} />
      </label>
      <label><span className="label">transport node ids</span>
        <input value={nodes} onChange={(e) => setNodes(e.target.value)} placeholder="e.g. 2" aria-invalid={nodeIds === null} />
      </label>
      {(siteIds === null || nodeIds === null) && <p className="action-error">ids are whole numbers separated by commas or spaces</p>}
      <span className="row">
        <button type="button" className="btn" disabled={busy || siteIds === null || nodeIds === null} onClick={() => void save()}>Save blocklist</button>
        <button type="button" className="btn plain" disabled={busy} onClick={() => setEditing(false)}>Cancel</button>
      </span>
      {error && <p className="action-error" role="alert">{error}</p>}
    </div>
  );
}
