// What a remediation changes in the simulator: the right runbook on the right target cuts the fault short; anything else changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEventModel, type EventModel } from '../../pipelines/simulator/eventModel.js';
import { SimulatedNetworkController } from '../../pipelines/simulator/simulatedController.js';
import type { ControllerCommand } from '../../pipelines/heal/networkController.js';
import type { Fault } from '../../schema/tables.js';

const DAY = Date.UTC(2030, 0, 2);
const MIN = 60_000;
const params = { seed: 41, sites: 20, accounts: 50, startMs: DAY - 86_400_000, endMs: DAY };

describe('simulated network controller', () => {
  let model: EventModel;
  let untouched: EventModel;
  let fault: Fault;
  beforeAll(async () => {
    model = await openEventModel(params);
    untouched = await openEventModel(params);
    fault = model.faultsBetween(DAY, DAY + 3 * 3_600_000)[0]!;
  });
  afterAll(async () => { await model?.close(); await untouched?.close(); });

  const cmd = (runbook: ControllerCommand['runbook'], siteIds: number[], atMs: number): ControllerCommand =>
    ({ runbook, siteIds, transportNodeId: null, params: {}, ticketId: 1, atMs });

  it('a wrong runbook or a wrong site changes nothing; the right one makes the KPIs recover', async () => {
    expect([fault.kind, fault.site_id]).toEqual(['baseband_fault', 4]);
    const at = fault.start_ts + 40 * MIN; // full strength (ramp 36 min), SLA long broken
    const ctl = new SimulatedNetworkController(model, () => at);
    expect((await ctl.execute(cmd('reroute_ai_traffic', [4], at))).executed).toBe(true);
    expect((await ctl.execute(cmd('restart_baseband', [5], at))).executed).toBe(true);
    expect(ctl.mitigations).toEqual([]);
    expect(model.faultsBetween(at, at + 1).find((f) => f.fault_id === fault.fault_id)!.end_ts).toBe(fault.end_ts);

    await ctl.execute(cmd('restart_baseband', [4], at));
    expect(ctl.mitigations.map((m) => [m.faultId, m.atMs])).toEqual([[fault.fault_id, at]]);
    expect(model.faultsBetween(at, at + 1).find((f) => f.fault_id === fault.fault_id)!.end_ts).toBe(at);
    // 15-20 minutes later (after the <= 10 min recovery) the site is back to normal, while the untouched network is still broken.
    const after = (await model.eventsBetween(at + 15 * MIN, at + 20 * MIN)).kpi.filter((k) => k.site_id === 4);
    const still = (await untouched.eventsBetween(at + 15 * MIN, at + 20 * MIN)).kpi.filter((k) => k.site_id === 4);
    expect(after.length).toBe(5);
    for (const k of after) expect(k.latency_ms).toBeLessThan(25);
    for (const k of still) expect(k.latency_ms).toBeGreaterThan(30);
    // Loss (baseband: +6 pp at full strength) is back too.
    expect(Math.max(...after.map((k) => k.loss_pct))).toBeLessThan(1);
    expect(Math.min(...still.map((k) => k.loss_pct))).toBeGreaterThan(4);
  });
});
