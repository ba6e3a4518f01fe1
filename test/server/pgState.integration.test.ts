// OPSDECK_STATE_URL on the real server: tickets and rules live in PostgreSQL (same schema as the embedded store).
// Each run uses a private schema (search_path in the URL), dropped afterwards. Skipped, with the reason printed, without PostgreSQL.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgDriver } from '../../pipelines/heal/pgDriver.js';
import type { SqlDriver } from '../../pipelines/heal/sqlDriver.js';
import { makeTempDir, startTestServer, type TestServer } from './testServer.js';

const URL = process.env.OPSDECK_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
let admin: SqlDriver | null = null;
let skipReason = '';
try { admin = await openPgDriver(URL, 1500); } catch (e) { skipReason = (e as Error).message; }
if (!admin) console.warn(`[pgState] skipped: PostgreSQL not reachable at ${URL} (${skipReason})`);

const RULE_YAML = `id: pg-state-check
description: Saved through the API into PostgreSQL
severity: minor
when: "latency_z >= 8"
for: 2m
group_by: [site_id]
action:
  runbook: notify
`;

describe.skipIf(!admin)('server with OPSDECK_STATE_URL (PostgreSQL ticket/rule store)', () => {
  const schema = `opsdeck_state_${process.pid}_${Date.now().toString(36)}`;
  let ts: TestServer | null = null;
  let cleanup: () => Promise<void> = async () => undefined;
  let lakeDir = '';

  beforeAll(async () => {
    await admin!.exec(`CREATE SCHEMA ${schema}`);
    const tmp = await makeTempDir('opsdeck-pgstate-');
    cleanup = tmp.cleanup;
    lakeDir = path.join(tmp.dir, 'lake');
    const stateUrl = `${URL}${URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    ts = await startTestServer(lakeDir, { OPSDECK_STATE_URL: stateUrl });
  });
  afterAll(async () => {
    await ts?.server.close();
    await admin!.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin!.close();
    await cleanup();
  });

  it('reports the postgres dialect and creates the store tables (tickets, rules, identity, audit, report runs) there, not the embedded DuckDB file', async () => {
    expect((await ts!.trpc.automation.status.query()).storeDialect).toBe('postgres');
    const tables = await admin!.query<{ table_name: string }>(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name', [schema]);
    expect(tables.map((r) => r.table_name)).toEqual([
      'opsdeck_api_token', 'opsdeck_audit', 'opsdeck_autonomy_setting', 'opsdeck_maintenance', 'opsdeck_open_group', 'opsdeck_report_delivery', 'opsdeck_report_run', 'opsdeck_report_schedule',
      'opsdeck_rule', 'opsdeck_session', 'opsdeck_silence', 'opsdeck_ticket', 'opsdeck_ticket_event', 'opsdeck_user',
    ]);
    expect(existsSync(`${lakeDir}-state.duckdb`)).toBe(false);
  });

  it('a rule and a silence saved through the API land in PostgreSQL, attributed to the signed-in user', async () => {
    const saved = await ts!.trpc.automation.saveRule.mutate({ yaml: RULE_YAML, ruleId: null });
    expect(saved).toMatchObject({ ok: true, rule: { id: 'pg-state-check' } });
    const rules = await admin!.query<{ rule_id: string; yaml: string; updated_by: string }>(
      `SELECT rule_id, yaml, updated_by FROM ${schema}.opsdeck_rule`);
    expect(rules).toEqual([{ rule_id: 'pg-state-check', yaml: RULE_YAML, updated_by: 'admin' }]);

    const silence = await ts!.trpc.automation.addSilence.mutate({ matchers: { site_id: '3' }, durationMinutes: 30 });
    const silences = await admin!.query<{ silence_id: string; matchers: string }>(`SELECT silence_id, matchers FROM ${schema}.opsdeck_silence`);
    expect(silences).toEqual([{ silence_id: silence.id, matchers: JSON.stringify({ site_id: '3' }) }]);
  });
});
