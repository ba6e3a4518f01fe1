// What the signed-in user may do, for components that show or hide controls (the server enforces it again on every call).
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { Permission } from '../../schema/access.js';

export type Can = (permission: Permission) => boolean;

// Outside a provider nothing is allowed: a forgotten provider hides controls rather than offering refused ones.
const PermissionsContext = createContext<Can>(() => false);

export function PermissionsProvider({ permissions, children }: { permissions: readonly Permission[]; children: ReactNode }) {
  const can = useMemo<Can>(() => {
    const set = new Set<Permission>(permissions);
    return (p) => set.has(p);
  }, [permissions]);
  return <PermissionsContext.Provider value={can}>{children}</PermissionsContext.Provider>;
}

/** `can(permission)` of the surrounding provider. */
export function useCan(): Can {
  return useContext(PermissionsContext);
}
