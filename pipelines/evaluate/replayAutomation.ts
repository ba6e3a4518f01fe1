// The rules and ticket loop an evaluation replays through: the rule directory, an in-memory ticket store and a heal loop
// whose controller only records (shared by the simulator lake and the SMD evaluations).
import { HealLoop } from '../heal/healLoop.js';
import { RecordingController } from '../heal/networkController.js';
import { DuckDbDriver } from '../heal/sqlDriver.js';
import { TicketStore } from '../heal/ticketStore.js';
import { RuleEngine } from '../rules/ruleEngine.js';
import { DEFAULT_RULES_DIR, loadRuleDir } from '../rules/ruleLoader.js';
import { formatProblem } from '../rules/ruleTypes.js';

export interface ReplayAutomation {
  ruleIds: string[];
  engine: RuleEngine;
  heal: HealLoop;
  store: TicketStore;
  /** Waits for the heal loop, then closes the store. */
  close(): Promise<void>;
}

/** Loads the rules (problems go to onProgress, never thrown) and starts an empty ticket loop at `startMs`. */
export async function openReplayAutomation(rulesDir: string | undefined, startMs: number, onProgress?: (msg: string) => void): Promise<ReplayAutomation> {
  const loaded = await loadRuleDir(rulesDir ?? DEFAULT_RULES_DIR);
  for (const p of loaded.problems) onProgress?.(`rule problem: ${formatProblem(p)}`);
  const store = new TicketStore(await DuckDbDriver.open(':memory:'));
  await store.init();
  const rulesById = new Map(loaded.rules.map((r) => [r.id, r]));
  const heal = new HealLoop({ store, controller: new RecordingController(), rules: () => rulesById });
  await heal.init(startMs);
  return {
    ruleIds: loaded.rules.map((r) => r.id), engine: new RuleEngine(loaded.rules), heal, store,
    async close() { await heal.idle(); await store.close(); },
  };
}
