// End to end in real Chromium: a rule at `suggest` never acts before a NOC engineer approves; the engineer approves the
// suggested runbook on the ticket page and the verifier resolves the ticket; an admin pulls and releases the brake.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageErrors, signIn, startClosedLoopApp, type ClosedLoopApp } from './e2eHarness.js';

// Seed 41 / 20 sites: a baseband fault at site 4, 48 min after the simulator starts (9.6 s at speed 300) and lasting
// 131 min (26 s): a suggestion not approved within that lapses with the fault, so the test approves as soon as it shows.
// The policy file puts restart_baseband at `suggest` from the server's first minute: no ticket can act before the test.
const POLICY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'suggest-baseband-policy.yaml');
const NOC_USER = 'e2e-noc';
const NOC_PASSWORD = 'e2e-noc-password-1';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('autonomy: approve a suggestion, pull the brake (real server, real Chromium)', () => {
  let app: ClosedLoopApp | null = null;

  beforeAll(async () => {
    app = await startClosedLoopApp('opsdeck-autonomy-e2e-', { OPSDECK_AUTONOMY_POLICY: POLICY, OPSDECK_SIM_SPEED: '300' });
    // The rule's own level through the API as well (audited, stored): the runbook ceiling already holds it at suggest.
    await app.trpc.automation.setAutonomy.mutate({ target: 'rule', id: 'baseband-fault', level: 'suggest' });
    await app.trpc.admin.createUser.mutate({ username: NOC_USER, displayName: 'NOC engineer', password: NOC_PASSWORD, roles: ['noc'], scope: null });
  }, 180_000);

  afterAll(async () => { await app?.close(); });

  it('a suggest rule never acts before approval; the NOC approves in the UI and the verifier resolves the ticket', async () => {
    const { server, browser, trpc, adminPassword } = app!;
    const early = await trpc.automation.tickets.query({});
    // Nothing at site 4 may have acted on its own.
    expect(early.tickets.filter((t) => t.siteIds.includes(4) && t.actedAtMs !== null)).toEqual([]);
    const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    const errors = pageErrors(page);
    await signIn(page, server.url, NOC_USER, NOC_PASSWORD);
    await page.goto(`${server.url}/#/automation`);

    // The list marks the ticket awaiting approval; the NOC opens it.
    const badge = page.locator('[data-testid="awaiting-approval"]', { hasText: 'Awaiting approval: restart_baseband' }).first();
    await badge.waitFor({ timeout: 30_000 });
    const rowId = await badge.locator('xpath=ancestor::tr').getAttribute('data-testid');
    const ticketId = Number(rowId!.replace('ticket-row-', ''));
    await badge.click();

    // Nothing ran: the ticket is open, never acted, its proposal pending, and no transition to acting exists.
    const before = await trpc.automation.ticket.query({ ticketId });
    expect(before.ticket).toMatchObject({ state: 'open', actedAtMs: null, runbook: null, autonomy: 'suggest', siteIds: [4] });
    expect(before.ticket.proposal).toMatchObject({ status: 'pending', runbook: 'restart_baseband', ruleId: 'baseband-fault', decidedBy: null });
    expect(before.events.filter((e) => e.kind === 'transition' && e.toState === 'acting')).toEqual([]);
    expect(before.events.filter((e) => e.kind === 'action')).toEqual([]);

    const card = page.getByTestId('approval-card');
    await card.waitFor({ timeout: 10_000 });
    expect(await card.getByTestId('approval-runbook').textContent()).toBe('restart_baseband');
    expect(await card.textContent()).toMatch(/proposed by rule baseband-fault/);
    expect(await card.locator('.params').textContent()).toMatch(/site_id\s*4/);
    await card.getByTestId('approve').click();

    // The verifier resolves it once the site recovered; the UI shows the approval by this user and each step after it.
    const deadline = Date.now() + 45_000;
    let after = await trpc.automation.ticket.query({ ticketId });
    while (Date.now() < deadline && after.ticket.state !== 'resolved' && after.ticket.state !== 'escalated') {
      await sleep(300);
      after = await trpc.automation.ticket.query({ ticketId });
    }
    expect(after.ticket.state).toBe('resolved');
    expect(after.ticket.proposal).toMatchObject({ status: 'approved', decidedBy: NOC_USER });
    const approval = after.events.find((e) => e.kind === 'approval');
    expect(approval?.actor).toBe(`user:${NOC_USER}`);
    // (whichever rule saw the site first opens the ticket; baseband-fault diagnosed it)
    const steps = after.events.filter((e) => e.kind === 'transition').map((e) => `${e.fromState ?? '-'}>${e.toState}:${e.actor.replace(/^rule:.*/, 'rule')}`);
    expect(steps).toEqual(['->open:rule', `open>acting:user:${NOC_USER}`, 'acting>verifying:controller', 'verifying>resolved:verifier']);
    // Acting came from the approval, never before it.
    expect(after.ticket.actedAtMs).toBeGreaterThanOrEqual(approval!.atMs);

    await page.waitForFunction(() => document.querySelector('[data-testid="ticket-state"]')?.textContent === 'resolved', null, { timeout: 15_000 });
    await expectTimeline(page, [
      (l) => l.includes(`approved restart_baseband`) && l.includes(NOC_USER),
      (l) => l.includes('open → acting') && l.includes(NOC_USER),
      (l) => l.includes('acting → verifying'),
      (l) => l.includes('verifying → resolved') && l.includes('verifier'),
    ]);
    expect(await page.getByTestId('approval-decision').textContent()).toMatch(new RegExp(`^Approved by ${NOC_USER}`));
    // A NOC engineer decides on tickets but does not set autonomy: the panel is read-only for them.
    await page.click('nav.tabs button:has-text("Autonomy")');
    await page.getByTestId('rule-level-baseband-fault').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('brake-toggle').count()).toBe(0);
    expect(await page.locator('.level-picker').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('the brake button pulls and releases the global brake, with the banner on the page', async () => {
    const { server, browser, trpc, adminPassword } = app!;
    const context = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
    const page = await context.newPage();
    const errors = pageErrors(page);
    await signIn(page, server.url, 'admin', adminPassword);
    await page.goto(`${server.url}/#/automation`);
    await page.click('nav.tabs button:has-text("Autonomy")');
    const row = page.getByTestId('rule-level-baseband-fault');
    await row.waitFor({ timeout: 30_000 });
    expect(await row.getByTestId('effective-level').textContent()).toBe('suggest');

    await page.getByTestId('brake-toggle').click();
    await page.fill('input[aria-label="brake reason"]', 'e2e: core upgrade tonight');
    await page.getByTestId('brake-confirm').click();
    const banner = page.getByTestId('brake-banner');
    await banner.waitFor({ timeout: 10_000 });
    // (the time in the operator's zone, as every time on the page; UTC on hover)
    expect(await banner.textContent()).toMatch(/^Brake on: every rule suggests at most — by admin at \d{4}-\d\d-\d\d \d\d:\d\d: e2e: core upgrade tonight$/);
    expect(await banner.locator('time').getAttribute('title')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    expect((await trpc.automation.autonomy.query()).settings.policy.brake).toMatchObject({ on: true, by: 'admin', reason: 'e2e: core upgrade tonight' });
    // Every rule with a runbook now runs at suggest at most.
    const braked = (await trpc.automation.autonomy.query()).rules.filter((r) => r.effective !== null);
    expect(braked.length).toBeGreaterThan(0);
    expect(braked.filter((r) => r.effective === 'auto')).toEqual([]);

    await page.getByTestId('brake-toggle').click();
    await banner.waitFor({ state: 'detached', timeout: 10_000 });
    expect((await trpc.automation.autonomy.query()).settings.policy.brake.on).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});

/** Waits until every predicate matches some line of the timeline (events arrive as the page polls). */
async function expectTimeline(page: Page, want: ((line: string) => boolean)[]): Promise<void> {
  const deadline = Date.now() + 15_000;
  let lines: string[] = [];
  while (Date.now() < deadline) {
    lines = await page.locator('.timeline li').allTextContents();
    if (want.every((w) => lines.some(w))) return;
    await sleep(250);
  }
  expect(lines).toEqual(['(timeline lines matching every expectation)']);
}
