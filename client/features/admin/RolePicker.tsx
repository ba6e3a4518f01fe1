// Picks a user's roles, each with what it may do (ROLE_DESCRIPTIONS).
import { ROLE_DESCRIPTIONS, ROLES, type Role } from '../../../schema/access.js';

export function RolePicker({ value, onChange }: { value: readonly Role[]; onChange: (roles: Role[]) => void }) {
  return (
    <fieldset className="role-picker">
      <legend>Roles</legend>
      {ROLES.map((r) => (
        <label key={r} className="role-option">
          <input type="checkbox" checked={value.includes(r)}
            onChange={() => onChange(value.includes(r) ? value.filter((x) => x !== r) : ROLES.filter((x) => x === r || value.includes(x)))} />
          <span><b>{r}</b> <span className="muted">{ROLE_DESCRIPTIONS[r]}</span></span>
        </label>
      ))}
    </fieldset>
  );
}
