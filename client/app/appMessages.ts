// The shell's words: page titles and who each page is for, in English and Chinese.
import { defineMessages } from '../i18n/messages.js';

export const APP_MESSAGES = defineMessages({
  'page.diagnostics': 'Diagnostics',
  'page.diagnostics.audience': 'Administrators: is the data flowing from the lake to this browser?',
  'page.noc': 'NOC map',
  'page.noc.audience': 'NOC engineers: where is the network failing its promises, and what does it cost?',
  'page.revenue': 'Revenue',
  'page.revenue.audience': 'Product managers: token revenue, ARPU, model margin, quota burn-down',
  'page.automation': 'Tickets & automation',
  'page.automation.audience': 'NOC: proactive tickets, self-healing runbooks, rules',
  'page.admin': 'Admin',
  'page.admin.audience': 'Administrators: users, roles, API tokens, audit trail',
  'page.executive': 'Executive report',
  'page.executive.audience': 'Executives: is the AI token business growing, and is the network keeping its promises?',
  brand: 'OpsDeck',
}, {
  'page.diagnostics': '诊断',
  'page.diagnostics.audience': '管理员：数据是否从数据湖流到了本浏览器？',
  'page.noc': 'NOC 地图',
  'page.noc.audience': 'NOC 工程师：网络在哪里未兑现承诺，代价是多少？',
  'page.revenue': '收入',
  'page.revenue.audience': '产品经理：Token 收入、ARPU、模型毛利、额度消耗',
  'page.automation': '工单与自动化',
  'page.automation.audience': 'NOC：主动工单、自愈预案、规则',
  'page.admin': '管理',
  'page.admin.audience': '管理员：用户、角色、API 令牌、审计日志',
  'page.executive': '经营报告',
  'page.executive.audience': '管理层：AI Token 业务是否在增长，网络是否兑现了承诺？',
  brand: 'OpsDeck',
});
