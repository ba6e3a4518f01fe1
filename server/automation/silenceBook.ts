// Silences: matchers that keep alerts from opening tickets for a while; persisted in the state store.
import type { SilenceInfo } from '../../schema/automation.js';
import type { TicketStore } from '../../pipelines/heal/ticketStore.js';
import { InvalidRequestError } from '../../schema/domainErrors.js';
import type { DataScope } from '../identity/dataScope.js';

/**
 * Where a silence's matchers pin it relative to a data scope: to sites inside it, to sites outside it, or to no
 * place at all (it matches alerts fleet-wide). A site_id pins it most narrowly, then a province, then a region.
 */
export function silenceReach(matchers: Readonly<Record<string, string>>, scope: DataScope): 'inside' | 'outside' | 'fleet' {
  if (scope.unrestricted) return 'inside';
  const { site_id: site, province, region } = matchers;
  if (site !== undefined) return /^\d{1,9}$/.test(site) && scope.hasSite(Number(site)) ? 'inside' : 'outside';
  if (province !== undefined) return scope.hasProvince(province) ? 'inside' : 'outside';
  if (region !== undefined) return scope.scope?.regions.includes(region) ? 'inside' : 'outside';
  return 'fleet';
}

export class SilenceBook {
  private silences: SilenceInfo[] = [];

  constructor(private readonly store: TicketStore, private readonly now: () => number) {}

  async reload(): Promise<void> { this.silences = await this.store.silences(); }

  /** The silences the rule engine applies (it skips expired ones itself). */
  current(): readonly SilenceInfo[] { return this.silences; }

  list(): SilenceInfo[] { return this.silences.map((s) => ({ ...s })); }

  async add(matchers: Record<string, string>, durationMs: number, user: string, comment: string): Promise<SilenceInfo> {
    if (!Object.keys(matchers).length) throw new InvalidRequestError('a silence needs at least one matcher (e.g. site_id or rule)');
    const now = this.now();
    const s: SilenceInfo = { id: `sil-${now.toString(36)}-${Math.random().toString(36).slice(2, 8)}`, matchers, startsMs: now, endsMs: now + durationMs, createdBy: user, comment };
    await this.store.addSilence(s);
    await this.reload();
    return s;
  }

  async expire(id: string): Promise<boolean> {
    const ok = await this.store.expireSilence(id, this.now());
    await this.reload();
    return ok;
  }
}
