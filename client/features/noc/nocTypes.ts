// Shapes the NOC views share, whichever source filled them (the browser's DuckDB, or tRPC when the server computes).
export interface SiteSeriesPoint {
  tsMs: number; latencyMs: number; jitterMs: number; lossPct: number; dlMbps: number; ulMbps: number; activeUsers: number;
}
export interface OpenAlarm { alarmId: number; tsMs: number; severity: string; probableCause: string }
export interface ServedAccount { accountId: number; tierId: number; events: number; tokens: number }

/** Ticket summary from the tickets API (issue 5); `null` means that API is not available yet. */
export interface TicketSummary { id: string; state: string; title: string; openedMs: number }

export interface SiteDetail {
  series: SiteSeriesPoint[];
  openAlarms: OpenAlarm[];
  accounts: ServedAccount[];
}

export type WindowKey = '1h' | '24h' | '7d';
export const WINDOW_MS: Readonly<Record<WindowKey, number>> = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 };
