// What a client may read of an error: messages without this machine's file paths, and validation failures as
// "field: problem" pairs instead of a JSON dump of the validator's issues.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Longest first, so a temp dir under the home dir becomes `<tmp>` rather than `~/...`. */
const PATH_PREFIXES: readonly [string, string][] = ([
  [`${REPO_ROOT}${path.sep}`, ''],
  [`${process.cwd()}${path.sep}`, ''],
  [os.tmpdir(), '<tmp>'],
  [os.homedir(), '~'],
] as [string, string][]).filter(([prefix]) => prefix.length > 2).sort((a, b) => b[0].length - a[0].length);

/** `message` with absolute paths of the repository, the working, temp and home directories made relative or masked. */
export function withoutLocalPaths(message: string): string {
  let out = message;
  for (const [prefix, replacement] of PATH_PREFIXES) out = out.split(prefix).join(replacement);
  return out;
}

export interface PublicIssue { path: string; message: string }

/** A validator issue as zod (or any Standard Schema validator) reports it. */
interface IssueLike { path?: readonly PropertyKey[] | readonly { key: PropertyKey }[]; message: string }

const MAX_ISSUES_IN_MESSAGE = 10;

function pathText(p: IssueLike['path']): string {
  let out = '';
  for (const seg of p ?? []) {
    const key = typeof seg === 'object' && seg !== null ? seg.key : seg;
    out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  }
  return out || 'input';
}

/** The issues of a validation error, or null when `cause` is not one. */
export function validationIssues(cause: unknown): PublicIssue[] | null {
  const issues = (cause as { issues?: unknown } | null | undefined)?.issues;
  if (!Array.isArray(issues) || !issues.every((i) => typeof (i as IssueLike | null)?.message === 'string')) return null;
  return (issues as IssueLike[]).map((i) => ({ path: pathText(i.path), message: withoutLocalPaths(i.message) }));
}

/** "events[3].source: Invalid input: expected string, received number; hours: Too big: ..." (at most ten, then a count). */
export function validationMessage(issues: readonly PublicIssue[]): string {
  const shown = issues.slice(0, MAX_ISSUES_IN_MESSAGE).map((i) => `${i.path}: ${i.message}`);
  const more = issues.length - shown.length;
  return `${shown.join('; ')}${more > 0 ? `; and ${more} more problem${more === 1 ? '' : 's'}` : ''}`;
}
