// A user limited to a province (or a region) gets only in-scope rows from every route that hands rows out: snapshots and
// rated tables over HTTP, the live WebSocket, and the tRPC procedures. Expected sets come from independent DuckDB queries
// over the lake's Parquet files (or from the unscoped answer, filtered here); an unscoped user still gets everything.
import { TICKET_AUTONOMY_DEFAULTS } from '../../schema/automation.js';
import type { AddressInfo } from 'node:net';
import { tableFromIPC, type Table } from 'apache-arrow';
import { pino } from 'pino';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Scope } from '../../schema/access.js';
import type { Ticket } from '../../schema/automation.js';
import { decodeLiveFrame, SNAPSHOT_ROWS_HEADER, type LiveFrameHeader } from '../../schema/dataPlane.js';
import type { TicketStore } from '../../pipelines/heal/ticketStore.js';
import { buildApp } from '../../server/app.js';
import { appRouter } from '../../server/trpc/appRouter.js';
import { t } from '../../server/trpc/trpc.js';
import type { Runtime } from '../../server/runtime.js';
import { pq, query } from '../fixtures/lakeHelpers.js';
import { startRouterContext, type RouterContext } from './routerContext.js';

const createCaller = t.createCallerFactory(appRouter);
const DAY = 86_400_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const plain = (v: unknown) => (v instanceof Date ? v.getTime() : typeof v === 'bigint' ? Number(v) : v);
const byNumber = (a: number, b: number) => a - b;

function rowsOf(t: Table): Record<string, unknown>[] {
  return t.toArray().map((r) => Object.fromEntries(Object.entries((r as { toJSON(): Record<string, unknown> }).toJSON()).map(([k, v]) => [k, plain(v)])));
}
const canonical = (rows: readonly Record<string, unknown>[]) => rows.map((r) => JSON.stringify(r)).sort();

describe('a data scope on every route that hands rows out', () => {
  let rc: RouterContext;
  let rt: Runtime;
  let app: FastifyInstance;
  let dir = '';
  let endMs = 0;
  /** The scope under test: one province (the one with the most accounts among provinces with sites). */
  let province = '';
  let inSites: number[] = [];
  let outSites: number[] = [];
  let allSites: number[] = [];
  let region = '';
  let regionSites: number[] = [];
  let scopeP: Scope;
  let auth: { nocP: string; nocR: string; nocAll: string; pmP: string; pmAll: string };

  const inList = () => inSites.join(', ');
  const get = async (url: string, authorization: string) => {
    const res = await app.inject({ method: 'GET', url, headers: { authorization } });
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    const table = tableFromIPC(res.rawPayload);
    expect(Number(res.headers[SNAPSHOT_ROWS_HEADER])).toBe(table.numRows);
    return table;
  };
  const siteIdsOf = (table: Table) => [...table.getChild('site_id')!].map(Number);

  beforeAll(async () => {
    rc = await startRouterContext({ automation: true });
    rt = rc.ctx.rt;
    dir = rc.lakeDir;
    endMs = rc.manifest.endMs;
    await rt.revenue.refresh();
    const [top] = await query(`SELECT s.province FROM ${pq(dir, 'site')} s
      JOIN (SELECT province, count(*) AS n FROM ${pq(dir, 'account')} GROUP BY province) a USING (province)
      GROUP BY s.province, a.n ORDER BY a.n DESC, count(*) DESC, s.province LIMIT 1`);
    province = String(top!.province);
    const sites = await query(`SELECT site_id, province, region FROM ${pq(dir, 'site')} ORDER BY site_id`);
    allSites = sites.map((s) => Number(s.site_id));
    inSites = sites.filter((s) => s.province === province).map((s) => Number(s.site_id));
    outSites = allSites.filter((s) => !inSites.includes(s));
    // A region other than the province's, with sites.
    region = String(sites.find((s) => s.province !== province)!.region);
    regionSites = sites.filter((s) => s.region === region).map((s) => Number(s.site_id));
    scopeP = { regions: [], provinces: [province] };
    ({ app } = await buildApp(rt, { clientDir: null, logger: pino({ level: 'silent' }), sessionTtlMs: 3_600_000 }));
    auth = {
      nocP: await rc.bearer(['noc'], scopeP), nocR: await rc.bearer(['noc'], { regions: [region], provinces: [] }), nocAll: await rc.bearer(['noc']),
      pmP: await rc.bearer(['pm'], scopeP), pmAll: await rc.bearer(['pm']),
    };
  });
  afterAll(async () => { await app?.close(); await rc?.close(); });

  it('the lake has sites on both sides of the scope', () => {
    expect(inSites.length).toBeGreaterThan(0);
    expect(outSites.length).toBeGreaterThan(0);
    expect(regionSites.length).toBeGreaterThan(0);
    expect(regionSites.some((s) => inSites.includes(s))).toBe(false);
  });

  describe('snapshots over HTTP', () => {
    it('site, usage, kpi and alarm rows: exactly those of in-scope sites', async () => {
      for (const table of ['site', 'usage', 'kpi', 'alarm'] as const) {
        const fact = table !== 'site';
        const got = await get(`/data/${table}${fact ? `?to=${endMs}` : ''}`, auth.nocP);
        const [n] = await query(`SELECT count(*) FILTER (WHERE site_id IN (${inList()}))::INT AS inside, count(*)::INT AS total
          FROM ${pq(dir, table)} ${fact ? `WHERE epoch_ms(ts) < ${endMs}` : ''}`);
        expect(n!.total, table).toBeGreaterThan(n!.inside as number);
        if (table !== 'alarm') expect(n!.inside, table).toBeGreaterThan(0);
        expect(got.numRows, table).toBe(n!.inside);
        expect(siteIdsOf(got).filter((s) => !inSites.includes(s)), table).toEqual([]);
      }
    });

    it('columns without site_id are still filtered by it, in the requested order', async () => {
      const got = await get(`/data/usage?columns=tokens_in,ts&to=${endMs}`, auth.nocP);
      const expected = await query(`SELECT tokens_in, epoch_ms(ts)::DOUBLE AS ts FROM ${pq(dir, 'usage')}
        WHERE site_id IN (${inList()}) AND epoch_ms(ts) < ${endMs}`);
      expect(got.schema.fields.map((f) => f.name)).toEqual(['tokens_in', 'ts']);
      expect(canonical(rowsOf(got))).toEqual(canonical(expected.map((r) => ({ tokens_in: r.tokens_in, ts: r.ts }))));
    });

    it('accounts by the province serving them; tiers whole', async () => {
      const got = await get('/data/account', auth.nocP);
      const expected = await query(`SELECT account_id FROM ${pq(dir, 'account')} WHERE province = '${province}'`);
      expect(expected.length).toBeGreaterThan(0);
      expect([...got.getChild('account_id')!].map(Number).sort(byNumber)).toEqual(expected.map((r) => Number(r.account_id)).sort(byNumber));
      expect(new Set(got.getChild('province')!.toArray() as string[])).toEqual(new Set([province]));
      const [tiers] = await query(`SELECT count(*)::INT AS n FROM ${pq(dir, 'tier')}`);
      expect((await get('/data/tier', auth.nocP)).numRows).toBe(tiers!.n);
    });

    it('a region scope: the kpi rows of that region sites', async () => {
      const got = await get(`/data/kpi?to=${endMs}`, auth.nocR);
      expect(got.numRows).toBeGreaterThan(0);
      expect([...new Set(siteIdsOf(got))].sort(byNumber)).toEqual(regionSites);
    });

    it('an unscoped user gets every row', async () => {
      const [n] = await query(`SELECT count(*)::INT AS n FROM ${pq(dir, 'usage')} WHERE epoch_ms(ts) < ${endMs}`);
      expect((await get(`/data/usage?to=${endMs}`, auth.nocAll)).numRows).toBe(n!.n);
      expect((await get('/data/site', auth.nocAll)).numRows).toBe(allSites.length);
    });
  });

  it('rated tables: only rows of in-scope provinces, the row header matching; unscoped users get them all', async () => {
    for (const table of ['revenue_day', 'model_day', 'quota_burn'] as const) {
      const all = rowsOf(await get(`/data/${table}`, auth.pmAll));
      const scoped = rowsOf(await get(`/data/${table}`, auth.pmP));
      const expected = all.filter((r) => r.province === province);
      expect(all.length, table).toBeGreaterThan(expected.length);
      if (table !== 'quota_burn') expect(expected.length, table).toBeGreaterThan(0);
      expect(canonical(scoped), table).toEqual(canonical(expected));
    }
  });

  describe('tRPC', () => {
    const noc = () => createCaller(rc.as(['noc'], scopeP));
    const admin = () => createCaller(rc.ctx);

    it('catalog counts the rows the scoped user can sync', async () => {
      const cat = await noc().catalog({});
      const rows = Object.fromEntries(cat.tables.map((x) => [x.name, x.rows]));
      const [u] = await query(`SELECT count(*)::INT AS n FROM ${pq(dir, 'usage')} WHERE site_id IN (${inList()})`);
      const [a] = await query(`SELECT count(*)::INT AS n FROM ${pq(dir, 'account')} WHERE province = '${province}'`);
      expect(rows).toMatchObject({ site: inSites.length, usage: u!.n, account: a!.n });
      expect(Object.fromEntries((await admin().catalog({})).tables.map((x) => [x.name, x.rows])).site).toBe(allSites.length);
    });

    it('noc.sites, noc.assurance and noc.siteRevenue hold only in-scope sites', async () => {
      expect((await noc().noc.sites()).map((s) => s.site_id).sort(byNumber)).toEqual(inSites);
      expect((await admin().noc.sites()).length).toBe(allSites.length);
      const w = { windowMs: DAY, toMs: endMs };
      const [mine, everyone] = await Promise.all([noc().noc.assurance(w), admin().noc.assurance(w)]);
      expect(mine.sites.map((s) => s.siteId).sort(byNumber)).toEqual(inSites);
      expect(mine.fleet.sites).toBe(inSites.length);
      expect(everyone.fleet.sites).toBe(allSites.length);
      // Revenue attributed fleet-wide, then cut: an in-scope site's share is the same for every user.
      expect(mine.revenue.length).toBeGreaterThan(0);
      expect(mine.revenue).toEqual(everyone.revenue.filter((r) => inSites.includes(r.siteId)));
      const rev = await noc().noc.siteRevenue(w);
      expect(rev.revenue).toEqual(mine.revenue);
    });

    it('noc.siteDetail of an out-of-scope site is NOT_FOUND, like a missing one', async () => {
      expect((await noc().noc.siteDetail({ siteId: inSites[0]!, windowMs: DAY, toMs: endMs })).siteId).toBe(inSites[0]);
      await expect(noc().noc.siteDetail({ siteId: outSites[0]!, windowMs: DAY, toMs: endMs }))
        .rejects.toMatchObject({ code: 'NOT_FOUND', message: `no site ${outSites[0]}` });
      await expect(noc().noc.siteDetail({ siteId: 999_999, windowMs: DAY, toMs: endMs })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('revenue.total covers in-scope provinces only (a filter naming others is intersected with the scope)', async () => {
      const pm = createCaller(rc.as(['pm'], scopeP));
      const other = String((await query(`SELECT province FROM ${pq(dir, 'account')} WHERE province <> '${province}' LIMIT 1`))[0]!.province);
      const mine = await pm.revenue.total({});
      // Independent path: the rating's revenue_day rows of the province.
      const expectedFen = rt.revenue.snapshot!.rated.revenueDay.filter((r) => r.province === province).reduce((n, r) => n + Number(r.revenue_fen), 0);
      expect(mine.totalFen).toBeGreaterThan(0);
      expect(mine.totalFen).toBe(expectedFen);
      expect(mine).toEqual(await admin().revenue.total({ provinces: [province] }));
      expect(await pm.revenue.total({ provinces: [province, other] })).toEqual(mine);
      expect(await pm.revenue.total({ provinces: [other] })).toMatchObject({ totalFen: 0, accounts: 0 });
      expect((await admin().revenue.total({})).totalFen).toBeGreaterThan(mine.totalFen);
    });

    it('revenue.invoice of an account served outside the scope is NOT_FOUND, like an unknown one', async () => {
      const pm = createCaller(rc.as(['pm'], scopeP));
      const [inside] = await query(`SELECT account_id FROM ${pq(dir, 'account')} WHERE province = '${province}' ORDER BY account_id LIMIT 1`);
      const [outside] = await query(`SELECT account_id FROM ${pq(dir, 'account')} WHERE province <> '${province}' ORDER BY account_id LIMIT 1`);
      const lines = await pm.revenue.invoice({ accountId: Number(inside!.account_id) });
      expect(lines.every((l) => l.accountId === Number(inside!.account_id))).toBe(true);
      await expect(pm.revenue.invoice({ accountId: Number(outside!.account_id) }))
        .rejects.toMatchObject({ code: 'NOT_FOUND', message: `unknown account ${Number(outside!.account_id)}` });
      expect(await admin().revenue.invoice({ accountId: Number(outside!.account_id) })).toBeInstanceOf(Array);
    });

    describe('tickets, features and silences', () => {
      let tIn: Ticket, tOut: Ticket, tMixed: Ticket;
      const open = async (siteIds: number[], key: string): Promise<Ticket> => {
        const store = rt.automation!['store'] as TicketStore;
        const at = endMs - 2 * 3_600_000;
        const r = await store.open({
          groupKey: `scope-test:${key}`, ruleId: 'scope-test', severity: 'major', state: 'open', title: key, siteIds, transportNodeId: null,
          labels: {}, runbook: null, runbookRuleId: null, actionParams: null, openedAtMs: at, updatedAtMs: at, actedAtMs: null, actionDone: false,
          verifySinceMs: null, closedAtMs: null, acknowledgedBy: null, predictedBreachAtMs: null, firstBreachAtMs: null, cooldownUntilMs: null,
          holdsGroup: true, ...TICKET_AUTONOMY_DEFAULTS,
        }, { atMs: at, kind: 'transition', fromState: null, toState: 'open', actor: 'rule:scope-test', reason: 'test', data: null });
        if (!('ticket' in r)) throw new Error('group held');
        return r.ticket;
      };

      beforeAll(async () => {
        tIn = await open([inSites[0]!], 'in');
        tOut = await open([outSites[0]!], 'out');
        tMixed = await open([outSites[1] ?? outSites[0]!, inSites[0]!], 'mixed');
      });

      it('automation.tickets lists, and counts, only tickets about an in-scope site', async () => {
        const mine = await noc().automation.tickets({ ruleId: 'scope-test' });
        expect(mine.tickets.map((x) => x.ticketId).sort(byNumber)).toEqual([tIn.ticketId, tMixed.ticketId].sort(byNumber));
        expect((await admin().automation.tickets({ ruleId: 'scope-test' })).tickets).toHaveLength(3);
        expect((await noc().automation.tickets({ siteId: outSites[0]! })).tickets.map((x) => x.ticketId)).not.toContain(tOut.ticketId);
        // Counts: every ticket an admin sees, those touching the scope counted here by state.
        const all = (await admin().automation.tickets({ limit: 1000 })).tickets;
        const expected: Record<string, number> = { open: 0, acting: 0, verifying: 0, resolved: 0, escalated: 0 };
        for (const x of all) if (x.siteIds.some((s) => inSites.includes(s))) expected[x.state]!++;
        expect(mine.counts).toEqual(expected);
      });

      it('automation.ticket of an out-of-scope ticket is NOT_FOUND; a shared one charts only in-scope sites', async () => {
        await expect(noc().automation.ticket({ ticketId: tOut.ticketId }))
          .rejects.toMatchObject({ code: 'NOT_FOUND', message: `no ticket ${tOut.ticketId}` });
        const d = await noc().automation.ticket({ ticketId: tMixed.ticketId });
        expect(d.series.points.length).toBeGreaterThan(0);
        expect(d.series.points.filter((p) => !inSites.includes(p.siteId))).toEqual([]);
        const full = await admin().automation.ticket({ ticketId: tMixed.ticketId });
        expect(full.series.points.some((p) => !inSites.includes(p.siteId))).toBe(true);
      });

      it('acknowledge, comment and resolve refuse out-of-scope tickets as NOT_FOUND and change nothing', async () => {
        const id = tOut.ticketId;
        await expect(noc().automation.acknowledge({ ticketId: id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
        await expect(noc().automation.comment({ ticketId: id, text: 'hi' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
        await expect(noc().automation.resolve({ ticketId: id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
        const d = await admin().automation.ticket({ ticketId: id });
        expect(d.ticket).toMatchObject({ state: 'open', acknowledgedBy: null });
        expect(d.events.map((e) => e.kind)).toEqual(['transition']);
        expect((await noc().automation.acknowledge({ ticketId: tIn.ticketId })).acknowledgedBy).toBe('test-noc');
      });

      it('siteFeatures of an out-of-scope site is NOT_FOUND', async () => {
        await expect(noc().automation.siteFeatures({ siteId: outSites[0]! })).rejects.toMatchObject({ code: 'NOT_FOUND', message: `no site ${outSites[0]}` });
        await noc().automation.siteFeatures({ siteId: inSites[0]! });
        expect(await admin().automation.siteFeatures({ siteId: outSites[0]! })).not.toBeUndefined();
      });

      it('silences: a scoped user adds them only inside the scope, sees in-scope and fleet-wide ones, cannot expire others', async () => {
        const out = String(outSites[0]);
        await expect(noc().automation.addSilence({ matchers: { site_id: out }, durationMinutes: 30 }))
          .rejects.toMatchObject({ code: 'NOT_FOUND', message: `no site ${out}` });
        await expect(noc().automation.addSilence({ matchers: { rule: 'latency-early-warning' }, durationMinutes: 30 }))
          .rejects.toMatchObject({ code: 'FORBIDDEN' });
        await expect(noc().automation.addSilence({ matchers: { province: 'Nowhere' }, durationMinutes: 30 }))
          .rejects.toMatchObject({ code: 'FORBIDDEN' });
        const mineSite = await noc().automation.addSilence({ matchers: { site_id: String(inSites[0]) }, durationMinutes: 30 });
        const mineProvince = await noc().automation.addSilence({ matchers: { province, rule: 'x' }, durationMinutes: 30 });
        const othersSite = await admin().automation.addSilence({ matchers: { site_id: out }, durationMinutes: 30 });
        const fleet = await admin().automation.addSilence({ matchers: { rule: 'y' }, durationMinutes: 30 });
        const visible = (await noc().automation.silences()).map((s) => s.id);
        expect(visible).toEqual(expect.arrayContaining([mineSite.id, mineProvince.id, fleet.id]));
        expect(visible).not.toContain(othersSite.id);
        expect(await noc().automation.expireSilence({ id: othersSite.id })).toBe(false);
        expect(await noc().automation.expireSilence({ id: fleet.id })).toBe(false);
        const now = rt.clock.now();
        expect((await admin().automation.silences()).filter((s) => [othersSite.id, fleet.id].includes(s.id)).every((s) => s.endsMs > now)).toBe(true);
        expect(await noc().automation.expireSilence({ id: mineSite.id })).toBe(true);
      });
    });
  });

  describe('with live events', () => {
    const kpi = (siteId: number, ts: number) => ({ ts, site_id: siteId, latency_ms: 9, jitter_ms: 1, loss_pct: 0, dl_mbps: 500, ul_mbps: 50, prb_util: 0.2, active_users: 3 });
    /** Every KPI event accepted below (they live in the hot window only). */
    const accepted: Array<ReturnType<typeof kpi>> = [];
    const ingest = (events: Array<ReturnType<typeof kpi>>) => {
      const r = rt.ingest.ingest('kpi', events, 'test');
      expect(r.accepted).toBe(events.length);
      accepted.push(...events);
      return r.chunk!;
    };

    it('the live WebSocket sends a scoped user only in-scope rows and nothing for a chunk without any', async () => {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const url = `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}/live`;
      const connect = async (authorization: string) => {
        const ws = new WebSocket(url, { headers: { authorization } });
        const frames: Array<{ header: LiveFrameHeader; siteIds: number[] }> = [];
        const hello = new Promise<void>((resolve, reject) => {
          ws.on('message', (data, isBinary) => {
            if (!isBinary) { if ((JSON.parse(String(data)) as { type: string }).type === 'hello') resolve(); return; }
            const { header, ipc } = decodeLiveFrame(new Uint8Array(data as Buffer));
            frames.push({ header, siteIds: [...tableFromIPC(ipc).getChild('site_id')!].map(Number) });
          });
          ws.on('error', reject);
        });
        await new Promise((r) => ws.once('open', r));
        ws.send(JSON.stringify({ type: 'subscribe', tables: ['kpi'], afterSeq: rt.hot.seq }));
        await hello;
        return { ws, frames };
      };
      const scoped = await connect(auth.nocP);
      const everyone = await connect(auth.nocAll);
      const until = async (cond: () => boolean) => { for (let i = 0; i < 200 && !cond(); i++) await sleep(10); };
      const base = Math.floor(rt.clock.now() / 60_000) * 60_000 - 60 * 60_000;
      try {
        const a = ingest([kpi(inSites[0]!, base), kpi(outSites[0]!, base), kpi(inSites.at(-1)!, base + 1000)]);
        await until(() => scoped.frames.length >= 1 && everyone.frames.length >= 1);
        const b = ingest([kpi(outSites[0]!, base + 2000)]);
        await until(() => everyone.frames.length >= 2);
        const c = ingest([kpi(inSites[0]!, base + 3000)]);
        await until(() => scoped.frames.length >= 2 && everyone.frames.length >= 3);
        expect(scoped.frames.map((f) => f.header)).toEqual([
          { table: 'kpi', seq: a.seq, rows: 2 }, { table: 'kpi', seq: c.seq, rows: 1 },
        ]);
        expect(scoped.frames.flatMap((f) => f.siteIds).every((s) => inSites.includes(s))).toBe(true);
        expect(everyone.frames.map((f) => f.header.seq)).toEqual([a.seq, b.seq, c.seq]);
        expect(everyone.frames.flatMap((f) => f.siteIds)).toContain(outSites[0]);
      } finally {
        scoped.ws.close();
        everyone.ws.close();
      }
    });

    it('automation.dryRun reports alerts of in-scope sites only', async () => {
      const base = Math.floor(rt.clock.now() / 60_000) * 60_000;
      const events = [];
      for (let m = 1; m <= 20; m++) for (const s of [inSites[0]!, outSites[0]!]) events.push(kpi(s, base - m * 60_000 + 30_000));
      ingest(events);
      const yaml = 'id: scope-dry-run\ndescription: any sample\nseverity: minor\nwhen: "has_data"\nfor: 1m\ngroup_by: [site_id]\n';
      const all = await createCaller(rc.ctx).automation.dryRun({ yaml, hours: 0.5 });
      expect(all.problems).toEqual([]);
      expect(new Set(all.alerts.map((a) => a.siteId))).toEqual(new Set([inSites[0], outSites[0]]));
      const mine = await createCaller(rc.as(['automation-admin'], scopeP)).automation.dryRun({ yaml, hours: 0.5 });
      expect(mine.alerts.length).toBeGreaterThan(0);
      expect(mine.alerts.every((a) => a.siteId === inSites[0])).toBe(true);
      expect(mine.groups).toBe(1);
    });

    it('catalog counts of the hot window are of in-scope rows too', async () => {
      const sinceMs = Math.min(...accepted.map((e) => e.ts));
      const q = { sinceMs, atSeq: rt.hot.seq };
      const kpiOf = async (scope: Scope | null) =>
        (await createCaller(rc.as(['noc'], scope)).catalog(q)).tables.find((x) => x.name === 'kpi')!.rowsSince;
      expect(await kpiOf(scopeP)).toBe(accepted.filter((e) => inSites.includes(e.site_id)).length);
      expect(await kpiOf(null)).toBe(accepted.length);
    });

    it('deadLetters: a scoped admin sees only rejected events of in-scope sites', async () => {
      const ts = rt.clock.now() - 1000;
      rt.ingest.ingest('kpi', [{ ...kpi(inSites[0]!, ts), latency_ms: 'slow' }, { ...kpi(outSites[0]!, ts), latency_ms: 'slow' }, { nonsense: true }], 'test');
      const sitesOf = (ds: Array<{ raw: string }>) => ds.map((d) => (JSON.parse(d.raw) as { site_id?: number }).site_id);
      const mine = await createCaller(rc.as(['admin'], scopeP)).deadLetters({ limit: 50 });
      expect(mine.length).toBeGreaterThan(0);
      expect(sitesOf(mine).every((s) => s !== undefined && inSites.includes(s))).toBe(true);
      expect(sitesOf(await createCaller(rc.ctx).deadLetters({ limit: 50 }))).toEqual(expect.arrayContaining([inSites[0], outSites[0], undefined]));
    });
  });
});
