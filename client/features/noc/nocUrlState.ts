// The NOC page's view in the URL (#/noc?window=1h&region=East&site=12): window, replay time, filters, size, selection, search.
import { param, type ParamCodec } from '../../app/hashRoute.js';
import type { SiteFilter } from './siteMapModel.js';
import type { WindowKey } from './nocTypes.js';

export const SIZE_BY = ['users', 'revenue'] as const;
export type SizeBy = (typeof SIZE_BY)[number];

export interface NocView {
  windowKey: WindowKey;
  /** Replay: the window end (ms); null = live. */
  replayToMs: number | null;
  filter: SiteFilter;
  sizeBy: SizeBy;
  siteId: number | null;
  search: string | null;
}

const fields = param.object({
  windowKey: param.oneOf('window', ['1h', '24h', '7d'] as const, '24h'),
  replayToMs: param.int('at'),
  region: param.text('region'),
  province: param.text('province'),
  tech: param.text('tech'),
  onlyProblems: param.flag('problems'),
  sizeBy: param.oneOf('size', SIZE_BY, 'users'),
  siteId: param.int('site'),
  search: param.text('q'),
});

/** One codec, defined once (stable identity for useHashState). */
export const NOC_VIEW: ParamCodec<NocView> = {
  read(p) {
    const v = fields.read(p);
    return {
      windowKey: v.windowKey, replayToMs: v.replayToMs, sizeBy: v.sizeBy, siteId: v.siteId, search: v.search,
      filter: { region: v.region, province: v.province, tech: v.tech, onlyProblems: v.onlyProblems },
    };
  },
  write(v, p) {
    fields.write({ windowKey: v.windowKey, replayToMs: v.replayToMs, sizeBy: v.sizeBy, siteId: v.siteId, search: v.search, ...v.filter }, p);
  },
};
