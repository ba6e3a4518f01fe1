// Pure formatting of tickets for the views: lead time, durations, actor labels.
import type { Ticket } from '../../../schema/automation.js';

export function minutesBetween(a: number, b: number): number { return Math.round((b - a) / 60_000); }

export function formatDurationMin(min: number): string {
  if (Math.abs(min) < 60) return `${min} min`;
  const h = Math.floor(Math.abs(min) / 60), m = Math.abs(min) % 60;
  return `${min < 0 ? '-' : ''}${h} h ${m} min`;
}

/** What the NOC cares about: was the ticket opened before users felt it? */
export function leadTimeText(t: Ticket, nowMs: number): { text: string; tone: 'good' | 'warn' | 'bad' | 'muted' } {
  if (t.firstBreachAtMs !== null) {
    const lead = minutesBetween(t.openedAtMs, t.firstBreachAtMs);
    return lead > 0 ? { text: `opened ${formatDurationMin(lead)} before the SLA breach`, tone: lead >= 10 ? 'good' : 'warn' }
      : { text: `opened ${formatDurationMin(-lead)} after the SLA breach`, tone: 'bad' };
  }
  if (t.state === 'resolved') return { text: 'SLA breach prevented', tone: 'good' };
  if (t.predictedBreachAtMs !== null && t.predictedBreachAtMs > nowMs) return { text: `breach predicted in ${formatDurationMin(minutesBetween(nowMs, t.predictedBreachAtMs))}`, tone: 'warn' };
  return { text: 'no breach yet', tone: 'muted' };
}

export function actorLabel(actor: string): string {
  const [kind, name] = actor.split(':', 2);
  if (kind === 'rule') return `rule ${name}`;
  if (kind === 'user') return name ?? actor;
  return actor;
}

export function formatTime(ms: number): string {
  return new Date(ms).toISOString().slice(5, 16).replace('T', ' ') + 'Z';
}
