// Which alarms are currently raised per site, folded from raised/cleared alarm events.
import type { Alarm, Severity } from '../../schema/tables.js';

/** The alarm fields alarm state needs (a whole `Alarm` row fits). */
export type AlarmEvent = Pick<Alarm, 'ts' | 'alarm_id' | 'site_id' | 'severity' | 'probable_cause' | 'state'>;

export interface OpenAlarm { alarmId: number; siteId: number; severity: Severity; cause: string; raisedMs: number }

export class AlarmState {
  private readonly open = new Map<number, OpenAlarm>();
  private readonly bySite = new Map<number, Set<number>>();

  apply(a: AlarmEvent): void {
    if (a.state === 'raised') {
      this.open.set(a.alarm_id, { alarmId: a.alarm_id, siteId: a.site_id, severity: a.severity, cause: a.probable_cause, raisedMs: a.ts });
      let s = this.bySite.get(a.site_id);
      if (!s) this.bySite.set(a.site_id, s = new Set());
      s.add(a.alarm_id);
    } else {
      this.open.delete(a.alarm_id);
      this.bySite.get(a.site_id)?.delete(a.alarm_id);
    }
  }

  openAt(siteId: number): OpenAlarm[] {
    const ids = this.bySite.get(siteId);
    if (!ids?.size) return [];
    const out: OpenAlarm[] = [];
    for (const id of ids) { const a = this.open.get(id); if (a) out.push(a); }
    return out;
  }
}
