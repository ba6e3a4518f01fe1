// Accessibility check of the page as rendered (axe-core, WCAG 2 A/AA rules): returns serious and critical violations.
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';

interface AxeNode { target: string[]; html: string; failureSummary?: string }
interface AxeViolation { id: string; impact: string | null; help: string; nodes: AxeNode[] }

let axeSource: string | null = null;

/** axe-core's browser bundle, injected as a script (the app's CSP does not apply to evaluate()). */
async function axeScript(): Promise<string> {
  if (!axeSource) axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

/**
 * Runs axe on the page (or on `include`, a CSS selector) and returns the serious/critical violations as readable lines.
 * Canvas content (the deck.gl map) is not inspected by axe; its legend and controls are.
 */
export async function seriousA11yViolations(page: Page, include?: string): Promise<string[]> {
  await page.evaluate(await axeScript());
  const violations = await page.evaluate(async (sel) => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const res = await axe.run(sel ? { include: [sel] } : document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return res.violations;
  }, include ?? null) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')} ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`).join(' | ')}${v.nodes.length > 4 ? ` (+${v.nodes.length - 4} more)` : ''}`);
}
