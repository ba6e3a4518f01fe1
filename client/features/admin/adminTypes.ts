// What the admin views ask of the server (the inputs of the `admin` tRPC router); each action answers an error text or null.
import type { Role, Scope, TokenInfo } from '../../../schema/access.js';

export interface NewUser { username: string; displayName: string; password: string; roles: Role[]; scope: Scope | null }
export interface UserUpdate { username: string; displayName?: string; roles?: Role[]; scope?: Scope | null; disabled?: boolean }
export interface TokenRequest { username: string; label: string; expiresInDays: number | null }
export interface IssuedToken { token: TokenInfo; secret: string }

/** An action's outcome as the views show it: null when done, else why not. */
export type ActionResult = Promise<string | null>;

export interface UserActions {
  create(u: NewUser): ActionResult;
  update(u: UserUpdate): ActionResult;
  resetPassword(username: string, password: string): ActionResult;
  unlock(username: string): ActionResult;
}
