// The i18n core: message catalogs (placeholders, plurals, fallbacks), Intl formatters per locale and operator time zone,
// and the remembered language / zone choices.
import { describe, expect, it } from 'vitest';
import { createFormatters } from '../../client/i18n/formatters.js';
import { initialLocale } from '../../client/i18n/locale.js';
import { defineMessages, interpolate, translator } from '../../client/i18n/messages.js';
import { initialTimeZone, isTimeZone } from '../../client/i18n/timeZone.js';

const storage = (v: Record<string, string>) => ({ getItem: (k: string) => v[k] ?? null });

describe('messages', () => {
  const catalog = defineMessages(
    { hello: 'Hello {name}', sites: { one: '{n} site', other: '{n} sites' }, missing: 'only English' },
    { hello: '你好，{name}', sites: { other: '{n} 个站点' }, missing: '' },
  );
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(interpolate('a {x} b {y}', { x: 1 })).toBe('a 1 b {y}');
    expect(translator(catalog, 'en')('hello', { name: 'Li' })).toBe('Hello Li');
    expect(translator(catalog, 'zh-CN')('hello', { name: '李' })).toBe('你好，李');
  });
  it('chooses plural forms by n and formats n with the locale grouping', () => {
    const en = translator(catalog, 'en', (n) => new Intl.NumberFormat('en').format(n));
    expect(en('sites', { n: 1 })).toBe('1 site');
    expect(en('sites', { n: 12345 })).toBe('12,345 sites');
    expect(translator(catalog, 'zh-CN')('sites', { n: 1 })).toBe('1 个站点');
  });
});

describe('formatters', () => {
  // 2026-11-30 07:42:10 UTC = 15:42 in Shanghai.
  const ms = Date.UTC(2026, 10, 30, 7, 42, 10);
  it('dates and times in the operator zone, never US month-first; UTC for the hover title', () => {
    const en = createFormatters('en', 'Asia/Shanghai');
    expect(en.dateTime(ms)).toBe('2026-11-30 15:42');
    expect(en.time(ms)).toBe('15:42');
    expect(en.utc(ms)).toBe('2026-11-30 07:42 UTC');
    const zh = createFormatters('zh-CN', 'Asia/Shanghai');
    expect(zh.dateTime(ms)).toBe('2026年11月30日 15:42');
    expect(zh.date(Date.UTC(2026, 0, 1, 16, 30))).toBe('2026年1月2日');
    expect(createFormatters('en', 'UTC').dateTime(ms)).toBe('2026-11-30 07:42');
    // Midnight prints as 00, not 24.
    expect(createFormatters('en', 'UTC').time(Date.UTC(2026, 0, 1))).toBe('00:00');
  });
  it('a rated day (UTC midnight key) is printed as that day in any zone', () => {
    expect(createFormatters('en', 'America/New_York').day(Date.UTC(2026, 10, 30))).toBe('2026-11-30');
    expect(createFormatters('zh-CN', 'Asia/Shanghai').day(Date.UTC(2026, 10, 30))).toBe('2026年11月30日');
  });
  it('numbers, percentages, money and durations per locale; missing values as a dash', () => {
    const en = createFormatters('en', 'UTC');
    const zh = createFormatters('zh-CN', 'UTC');
    expect(en.count(1234567)).toBe('1,234,567');
    expect(en.pct(99.5, 3)).toBe('99.500 %');
    expect(en.money(123456)).toBe('¥1,234.56');
    expect(en.moneyShort(120_000_000)).toBe('¥1.2M');
    expect(zh.moneyShort(120_000_000)).toBe('¥120万');
    expect(zh.compact(45_000_000)).toBe('4500万');
    expect(en.duration(3900)).toBe('1h 5m');
    expect(zh.duration(3900)).toBe('1小时5分');
    for (const f of [en.count, en.pct, en.moneyShort, en.dateTime] as Array<(x: number | null) => string>) expect(f(null)).toBe('—');
    expect(en.pct(Number.NaN)).toBe('—');
  });
});

describe('choices', () => {
  it('language: stored choice, else Chinese for a Chinese browser, else English', () => {
    expect(initialLocale(storage({ 'opsdeck.locale': 'zh-CN' }), ['en-US'])).toBe('zh-CN');
    expect(initialLocale(storage({ 'opsdeck.locale': 'fr' }), ['zh-TW'])).toBe('zh-CN');
    expect(initialLocale(storage({}), ['en-GB', 'zh-CN'])).toBe('en');
    expect(initialLocale(null, [])).toBe('en');
  });
  it('time zone: a stored valid IANA zone, else the browser zone', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(initialTimeZone(storage({ 'opsdeck.timeZone': 'Asia/Urumqi' }))).toBe('Asia/Urumqi');
    expect(isTimeZone(initialTimeZone(storage({ 'opsdeck.timeZone': 'nope' })))).toBe(true);
  });
});
