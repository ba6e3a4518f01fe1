// Stories for the rule editor: the shipped rules, a dry-run result, and a file with validation problems.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { RuleEditor } from '../client/features/automation/RuleEditor.js';
import { parseRulesYaml } from '../pipelines/rules/ruleLoader.js';
import { automationStoryData as d } from './fixtureData/automationStoryData.js';

// Real loader output for a broken rule, so the problem list shows what the server would say.
const broken = parseRulesYaml('id: broken\nwhen: "latency_z > 4 and jitter_zz > 2"\nfor: soon\n', 'pipelines/rules/default/99-broken.yaml').problems;

const meta: Meta<typeof RuleEditor> = {
  title: 'Automation/RuleEditor',
  component: RuleEditor,
  args: {
    rules: d.rules, loadProblems: [],
    edit: {
      onSave: async () => ({ ok: true }),
      onDryRun: async () => d.dryRun,
      onToggle: async () => undefined,
    },
  },
};
export default meta;
type Story = StoryObj<typeof RuleEditor>;

export const ShippedRules: Story = {};
export const WithDryRun: Story = { args: { initialSelected: 'latency-early-warning', initialDryRun: d.dryRun } };
export const BrokenRuleFile: Story = {
  args: { loadProblems: broken, edit: { onSave: async () => ({ ok: false, problems: broken }), onDryRun: async () => d.dryRun, onToggle: async () => undefined } },
};
/** A role without rules.write (e.g. exec, noc): the rules and their YAML, no save, enable or dry-run. */
export const ReadOnly: Story = { args: { edit: null, initialSelected: 'latency-early-warning' } };
