// Roles and data scopes in the reader's language: role names and what each may do (the server's ROLE_DESCRIPTIONS stay
// English), and a scope with Chinese region and province names.
import { useMemo } from 'react';
import type { Role, Scope } from '../../../schema/access.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import type { Locale } from '../../i18n/locale.js';
import { translator } from '../../i18n/messages.js';
import { placeNames } from '../../i18n/placeNames.js';
import { ACCOUNT_MESSAGES, ROLE_MESSAGES } from './accountMessages.js';

export interface RoleWords {
  name(role: Role): string;
  description(role: Role): string;
  /** 'Administrator, NOC engineer' or 'no role'. */
  list(roles: readonly Role[]): string;
  /** 'all regions' / 'region East, Hainan' with place names in the reader's language. */
  scope(scope: Scope | null): string;
}

export function roleWords(locale: Locale): RoleWords {
  const t = translator(ROLE_MESSAGES, locale);
  const ta = translator(ACCOUNT_MESSAGES, locale);
  const places = placeNames(locale);
  const sep = locale === 'en' ? ', ' : '、';
  return {
    name: (r) => t(`role.${r}`),
    description: (r) => t(`desc.${r}`),
    list: (roles) => (roles.length ? roles.map((r) => t(`role.${r}`)).join(sep) : ta('noRole')),
    scope: (s) => (s ? [...s.regions.map((r) => ta('region', { region: places.region(r) })), ...s.provinces.map((p) => places.province(p))].join(sep) : ta('allRegions')),
  };
}

export function useRoleWords(): RoleWords {
  const { locale } = useI18n();
  return useMemo(() => roleWords(locale), [locale]);
}
