// Picks a user's roles, each with what it may do, in the reader's language (the server's ROLE_DESCRIPTIONS stay English).
import { ROLES, type Role } from '../../../schema/access.js';
import { useMessages } from '../../i18n/I18nProvider.js';
import { useRoleWords } from '../account/roleNames.js';
import { ADMIN_MESSAGES } from './adminMessages.js';

export function RolePicker({ value, onChange, invalid = false }: { value: readonly Role[]; onChange: (roles: Role[]) => void; invalid?: boolean }) {
  const t = useMessages(ADMIN_MESSAGES);
  const roles = useRoleWords();
  return (
    <fieldset className="role-picker" aria-invalid={invalid || undefined} data-testid="role-picker">
      <legend>{t('rolesLegend')}</legend>
      {ROLES.map((r) => (
        <label key={r} className="role-option">
          <input type="checkbox" checked={value.includes(r)} value={r}
            onChange={() => onChange(value.includes(r) ? value.filter((x) => x !== r) : ROLES.filter((x) => x === r || value.includes(x)))} />
          <span><b>{roles.name(r)}</b> <code className="muted">{r}</code> <span className="muted">{roles.description(r)}</span></span>
        </label>
      ))}
    </fieldset>
  );
}
