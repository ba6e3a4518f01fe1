// The `/live` WebSocket: subscribes after a seq, decodes binary frames, reports when the connection is lost.
import {
  decodeLiveFrame, LIVE_PATH, type LiveAck, type LiveControl, type LiveFrameHeader, type LiveSubscribe,
} from '../../schema/dataPlane.js';
import { FACT_TABLES } from '../../schema/tables.js';

export interface LiveSocketHandlers {
  /** The seq to subscribe after, asked again on every (re)connect. */
  afterSeq(): number;
  onHello(seq: number): void;
  onFrame(header: LiveFrameHeader, ipc: Uint8Array): void;
  onResync(reason: string): void;
  onStateChange(state: 'connecting' | 'open' | 'closed'): void;
  /** The connection dropped (not by stop()); the owner decides how to recover. */
  onLost(): void;
}

export function liveUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${LIVE_PATH}`;
}

export class LiveSocket {
  private ws: WebSocket | null = null;
  private stopped = false;

  /**
   * `maxInFlight` opts into the server's ack flow control: it holds (and coalesces) further frames
   * until we ack what DuckDB has applied, so a slow tab slows its stream instead of buffering.
   */
  constructor(private readonly url: string, private readonly h: LiveSocketHandlers, private readonly maxInFlight = 16) {}

  /** Acknowledges every frame up to `seq` as applied. */
  ack(seq: number): void {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    const msg: LiveAck = { type: 'ack', seq };
    ws.send(JSON.stringify(msg));
  }

  start(): void {
    this.stopped = false;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    const ws = this.ws;
    this.ws = null;
    ws?.close();
    this.h.onStateChange('closed');
  }

  private open(): void {
    this.h.onStateChange('connecting');
    const ws = new WebSocket(this.url);
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    ws.onopen = () => {
      const msg: LiveSubscribe = {
        type: 'subscribe', tables: [...FACT_TABLES], afterSeq: this.h.afterSeq(), maxInFlight: this.maxInFlight,
      };
      ws.send(JSON.stringify(msg));
      this.h.onStateChange('open');
    };
    ws.onmessage = (ev: MessageEvent<ArrayBuffer | string>) => {
      if (this.ws !== ws) return;
      if (typeof ev.data === 'string') {
        const ctl = JSON.parse(ev.data) as LiveControl;
        if (ctl.type === 'hello') this.h.onHello(ctl.seq);
        else if (ctl.type === 'resync') this.h.onResync(ctl.reason);
        else console.error('live:', ctl.error);
        return;
      }
      const { header, ipc } = decodeLiveFrame(new Uint8Array(ev.data));
      this.h.onFrame(header, ipc);
    };
    ws.onclose = () => {
      if (this.ws !== ws || this.stopped) return;
      this.ws = null;
      this.h.onStateChange('closed');
      this.h.onLost();
    };
  }
}
