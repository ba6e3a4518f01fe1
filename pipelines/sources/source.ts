// What every event source (the embedded simulator, NATS JetStream, any new one) offers the runtime that wires it to ingest.

/** A source's own counters, shown on the status route. */
export type SourceStatus = Readonly<Record<string, number>>;

export interface Source<S extends SourceStatus = SourceStatus> {
  /** Short stable name: log field and key of the source on the status route. */
  readonly name: string;
  /** Begins feeding ingest; resolves once the source is connected (not when it is done). */
  start(): Promise<void>;
  /** Stops feeding. What was fed stays checkpointable, so a final lake flush can still confirm it. */
  stop(): Promise<void>;
  /** Releases connections; called after the final lake flush. */
  close?(): Promise<void>;
  status(): S;
  /**
   * Lake-flush hook: called just before a flush writes the rows fed so far; the function it returns runs once
   * they are durable (e.g. acks the messages that carried them). Sources that can replay need none.
   */
  checkpoint?(): () => void;
}
