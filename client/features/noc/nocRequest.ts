// Which question an answer belongs to: every NOC result is tagged with its request (window, replay time, site), and an
// answer is used only if it answers the current request and is newer than the last one used (late answers are dropped).
import type { WindowKey } from './nocTypes.js';

export interface NocRequest { windowKey: WindowKey; replayToMs: number | null }

/** "24h|live", "7d|live", "1h|1768400000000": equal keys ask the same question (a live window slides, its key stays). */
export function requestKey(r: NocRequest): string {
  return `${r.windowKey}|${r.replayToMs ?? 'live'}`;
}

/** A drill-down question: a site under a request. */
export function siteRequestKey(r: NocRequest, siteId: number): string {
  return `${requestKey(r)}|site ${siteId}`;
}

/**
 * Numbers requests and admits answers in order: `issue(key)` makes `key` current and returns the answer's ticket;
 * `admit(key, ticket)` is true only for the current key and a ticket newer than any admitted before.
 */
export class AnswerGate {
  private next = 0;
  private admitted = -1;
  private current: string | null = null;

  issue(key: string): number {
    this.current = key;
    return this.next++;
  }

  admit(key: string, ticket: number): boolean {
    if (key !== this.current || ticket <= this.admitted) return false;
    this.admitted = ticket;
    return true;
  }

  get currentKey(): string | null {
    return this.current;
  }
}
