// One status vocabulary: every ticket state, severity, autonomy level, verdict and suggestion status has an English and
// a Chinese label and one colour, taken from the theme's variables (so both themes keep their contrast), and no two
// ticket states share a colour.
import { describe, expect, it } from 'vitest';
import { TICKET_STATES } from '../../schema/automation.js';
import { AUTONOMY_LEVELS, PROPOSAL_STATUSES } from '../../schema/autonomy.js';
import { SEVERITIES } from '../../schema/tables.js';
import { translator } from '../../client/i18n/messages.js';
import { AUTOMATION_MESSAGES } from '../../client/features/automation/automationMessages.js';
import { TONE_COLOR, vocabulary, type Term } from '../../client/features/automation/ticketVocabulary.js';

const en = vocabulary(translator(AUTOMATION_MESSAGES, 'en'));
const zh = vocabulary(translator(AUTOMATION_MESSAGES, 'zh-CN'));
const terms = (v: typeof en): Term[] => [
  ...TICKET_STATES.map(v.state), ...SEVERITIES.map(v.severity), ...AUTONOMY_LEVELS.map(v.level),
  v.verdict('true'), v.verdict('false'), v.verdict(null), ...PROPOSAL_STATUSES.map(v.proposal),
];

describe('status vocabulary', () => {
  it('labels every term in both languages (Chinese labels are Chinese)', () => {
    for (const [e, z] of terms(en).map((t, i) => [t, terms(zh)[i]!] as const)) {
      expect(e.label).not.toBe('');
      expect(z.label).toMatch(/[\u4e00-\u9fff]/);
      expect(z.color).toBe(e.color);
    }
    expect(TICKET_STATES.map((s) => zh.state(s).label)).toEqual(['待处理', '处置中', '验证中', '已解决', '已升级']);
  });
  it('keeps the English state words the API uses', () => {
    expect(TICKET_STATES.map((s) => en.state(s).label)).toEqual([...TICKET_STATES]);
  });
  it('colours only with theme variables, a distinct one per ticket state', () => {
    for (const c of Object.values(TONE_COLOR)) expect(c).toMatch(/^(var\(--[a-z-]+\)|color-mix\(in srgb, var\(--[a-z-]+\) \d+%, var\(--[a-z-]+\)\))$/);
    expect(new Set(TICKET_STATES.map((s) => en.state(s).color)).size).toBe(TICKET_STATES.length);
  });
});
