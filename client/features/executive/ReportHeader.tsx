// The report's heading: title and audience, the period and what it is compared with, scope, data-as-of and generated-at
// stamps (operator's time zone, UTC on hover), coverage.
import type { ExecReport } from '../../../schema/executive.js';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { Time } from '../../ui/Time.js';
import { EXECUTIVE_MESSAGES } from './executiveMessages.js';
import { useReportNames } from './reportNames.js';
import { describeCoverage, describePeriod, isPartial } from './reportStamps.js';

export function ReportHeader({ report }: { report: ExecReport }) {
  const { locale } = useI18n();
  const t = useMessages(EXECUTIVE_MESSAGES);
  const names = useReportNames();
  const partial = isPartial(report);
  // The scope comes as words from the server; the unscoped one is the common case and is translated.
  const scope = report.scope === 'all regions' ? t('allRegions') : report.scope;
  return (
    <header className="report-header" data-testid="report-header">
      <div className="report-title">
        <h1>{names.text(report.definition.title)}</h1>
        <span className="muted">{t('forAudience', { audience: names.text(report.definition.audience) })}</span>
        {partial && <span className="partial-badge" data-testid="partial" title={t('partialHint')}>{t('partial')}</span>}
      </div>
      <dl className="report-stamps">
        <div><dt>{t('stamp.period')}</dt><dd data-testid="report-period">{describePeriod(report.period, locale)}</dd></div>
        <div><dt>{t('stamp.previous')}</dt><dd>{describePeriod(report.previous, locale)}</dd></div>
        <div><dt>{t('stamp.yearAgo')}</dt><dd>{describePeriod(report.yearAgo, locale)}</dd></div>
        <div><dt>{t('stamp.scope')}</dt><dd>{scope}</dd></div>
        <div><dt>{t('stamp.dataAsOf')}</dt><dd className="num" data-testid="report-data-as-of"><Time ms={report.dataAsOfMs} /></dd></div>
        <div><dt>{t('stamp.generated')}</dt><dd className="num"><Time ms={report.generatedAtMs} /></dd></div>
        <div><dt>{t('stamp.coverage')}</dt><dd>{describeCoverage(report.coverage, locale)}</dd></div>
        <div><dt>{t('stamp.targets')}</dt><dd>{t('targetsVersion', { version: report.targetsVersion })}</dd></div>
      </dl>
    </header>
  );
}
