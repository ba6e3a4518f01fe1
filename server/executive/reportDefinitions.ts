// What the executive service needs from the report definitions (reports/*.yaml, loaded by pipelines/reports/reportDefinition.ts).
import type { ReportDefinition } from '../../schema/executive.js';

export interface ReportDefinitions {
  list(): ReportDefinition[];
  get(id: string): ReportDefinition | undefined;
}

/** A fixed set, e.g. the loader's result at start-up or definitions built in a test. */
export class ReportDefinitionList implements ReportDefinitions {
  private readonly byId: ReadonlyMap<string, ReportDefinition>;
  constructor(private readonly definitions: readonly ReportDefinition[]) {
    this.byId = new Map(definitions.map((d) => [d.id, d]));
  }
  list(): ReportDefinition[] { return [...this.definitions]; }
  get(id: string): ReportDefinition | undefined { return this.byId.get(id); }
}
