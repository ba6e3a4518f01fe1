// One automation tick: detector features for a minute -> rule engine -> heal loop (composes detect, rules and heal; none of them imports this).
import { MINUTE_MS } from '../detect/kpiFields.js';
import type { SiteDetector } from '../detect/siteDetector.js';
import type { SiteFeatures } from '../detect/siteFeatures.js';
import type { HealLoop } from '../heal/healLoop.js';
import type { AlertEvent, RuleEngine, Silence } from '../rules/ruleEngine.js';

export interface TickOutcome { minute: number; features: SiteFeatures[]; events: AlertEvent[] }

export async function runAutomationTick(
  detector: SiteDetector, engine: RuleEngine, heal: HealLoop | null, minute: number, silences: readonly Silence[] = [],
): Promise<TickOutcome> {
  const features = detector.featuresAt(minute);
  return runRulesOnFeatures(engine, heal, minute, features, silences);
}

export async function runRulesOnFeatures(
  engine: RuleEngine, heal: HealLoop | null, minute: number, features: SiteFeatures[], silences: readonly Silence[] = [],
): Promise<TickOutcome> {
  const nowMs = minute * MINUTE_MS;
  const events = engine.tick(features, nowMs, silences);
  if (heal) await heal.onTick(nowMs, engine.alerts, new Map(features.map((f) => [f.site_id, f])));
  return { minute, features, events };
}
