// The server's clock as the page last saw it (the loop runs on it, and a simulator or a replay runs it away from the
// wall clock): "as of" times and lead times are read on it, not on the browser's clock.
export class ServerClock {
  private offsetMs: number | null = null;

  /** An answer that carried the server's time (`nowMs`) arrived at `receivedAtMs` (browser clock). */
  observe(serverNowMs: number, receivedAtMs: number): number {
    this.offsetMs = serverNowMs - receivedAtMs;
    return serverNowMs;
  }

  /** The server's time at a browser instant (the browser's own until an answer has told us the offset). */
  at(browserMs: number): number {
    return browserMs + (this.offsetMs ?? 0);
  }
}
