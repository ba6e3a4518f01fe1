// How the NOC page words a site's status: its label, the figure that decided it (with the cause named) and the headline number.
import type { SiteStatusVerdict } from '../../../domain/assurance/siteStatus.js';
import type { Formatters } from '../../i18n/formatters.js';
import type { Translate } from '../../i18n/messages.js';
import type { NOC_MESSAGES } from './nocMessages.js';

export type NocT = Translate<typeof NOC_MESSAGES.en>;

/** Assurance percentages keep 3 decimals, so 99.5 and 99.49 never read alike. */
export const pct3 = (fmt: Formatters, p: number | null | undefined) => fmt.pct(p, 3);

/** An objective or target as given (99.5 %, 30 ms): no trailing zeros invented. */
function plain(fmt: Formatters, x: number): string {
  return fmt.decimal(x, Number.isInteger(x) ? 0 : Math.min(3, String(x).split('.')[1]?.length ?? 1));
}

export const ms1 = (fmt: Formatters, v: number | null | undefined) => (v === null || v === undefined ? fmt.decimal(null) : `${fmt.decimal(v, 1)} ms`);

export interface StatusWords {
  /** "below objective". */
  label: string;
  /** The deciding figure against its target: "uplink 97.250 % < 99.5 %"; "" for met. */
  cause: string;
  /** Label and value of the headline number: "uplink assurance", "97.250 %". */
  headlineLabel: string;
  headlineValue: string;
}

export function statusWords(v: SiteStatusVerdict, t: NocT, fmt: Formatters): StatusWords {
  const label = t(`status.${v.status}`);
  const target = v.target;
  switch (v.cause) {
    case 'latency_now': {
      const value = ms1(fmt, v.value);
      return { label, cause: t('cause.latency_now', { value, target: target === null ? '—' : `${plain(fmt, target)} ms` }), headlineLabel: t('headline.latency_now'), headlineValue: value };
    }
    case 'latency_assurance':
    case 'uplink_assurance': {
      const value = pct3(fmt, v.value);
      const tgt = target === null ? '—' : `${plain(fmt, target)} %`;
      const cause = v.status === 'met' ? t('cause.latency_assurance.met', { value, target: tgt })
        : t(v.cause === 'uplink_assurance' ? 'cause.uplink_assurance.below' : 'cause.latency_assurance.below', { value, target: tgt });
      return { label, cause, headlineLabel: t(v.cause === 'uplink_assurance' ? 'headline.uplink_assurance' : 'headline.latency_assurance'), headlineValue: value };
    }
    case 'latency_trend': {
      const tgt = target === null ? '—' : `${plain(fmt, target)} ms`;
      const mins = v.value === null ? null : Math.max(0, Math.round(v.value));
      if (mins === 0) return { label, cause: t('cause.latency_trend.now', { target: tgt }), headlineLabel: t('headline.latency_trend'), headlineValue: t('minutes', { n: 0 }) };
      const value = mins === null ? '—' : `~${t('minutes', { n: mins })}`;
      return { label, cause: t('cause.latency_trend', { value: mins === null ? '—' : t('minutes', { n: mins }), target: tgt }), headlineLabel: t('headline.latency_trend'), headlineValue: value };
    }
    default:
      return { label, cause: t('cause.no_data'), headlineLabel: t('headline.no_data'), headlineValue: label };
  }
}

/** "below objective · uplink 97.250 % < 99.5 %": the status and why, in one line (tooltip, list, drill-down). */
export function statusLine(v: SiteStatusVerdict, t: NocT, fmt: Formatters): string {
  const w = statusWords(v, t, fmt);
  return w.cause ? `${w.label} · ${w.cause}` : w.label;
}
