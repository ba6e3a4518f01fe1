// A JSON serializer that cannot throw: bounded output, depth and work, no recursion (dead-letter bodies of hostile input).

export interface BoundedJsonOptions {
  /** Longest result; a cut result ends with '…'. */
  maxChars?: number;
  /** Nesting below this depth is written as "[depth limit]". */
  maxDepth?: number;
}

export const DEFAULT_MAX_CHARS = 2000;
const DEFAULT_MAX_DEPTH = 32;

type Frame =
  | { kind: 'array'; value: object; length: number; i: number }
  | { kind: 'object'; value: object; keys: string[]; i: number; wrote: number };

/** Collects at most maxChars + 1 characters, so the caller can tell a cut result from an exact fit. */
class BoundedWriter {
  private parts: string[] = [];
  length = 0;
  cut = false;
  constructor(private readonly maxChars: number) {}
  get full(): boolean { return this.cut || this.length > this.maxChars; }
  write(s: string): void {
    if (this.full) return;
    const room = this.maxChars + 1 - this.length;
    const piece = s.length > room ? s.slice(0, room) : s;
    this.parts.push(piece);
    this.length += piece.length;
  }
  result(): string {
    const s = this.parts.join('');
    if (!this.cut && s.length <= this.maxChars) return s;
    return this.maxChars < 1 ? '' : `${s.slice(0, this.maxChars - 1)}…`;
  }
}

/** Reads a property; a throwing getter or proxy trap yields a marker instead of an exception. */
function read(o: object, key: string | number): unknown {
  try { return (o as Record<string | number, unknown>)[key]; } catch { return '[unreadable]'; }
}

/** JSON.stringify's toJSON step (Date and friends) and unwrapping of boxed primitives, guarded. */
function resolveToJson(v: unknown, key: string): unknown {
  if ((typeof v !== 'object' || v === null) && typeof v !== 'bigint') return v;
  try {
    const f = (v as { toJSON?: unknown }).toJSON;
    const r = typeof f === 'function' ? (f as (k: string) => unknown).call(v, key) : v;
    if (r instanceof Number || r instanceof String || r instanceof Boolean) return r.valueOf();
    return r;
  } catch {
    return '[toJSON failed]';
  }
}

function isArrayLike(v: object): boolean {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

/**
 * JSON of `value` like JSON.stringify (bigint as a decimal string, cycles as "[circular]"), cut to maxChars.
 * Work is bounded by the output size, whatever the input: a 10 MB string or a 100k-deep array costs the same.
 */
export function boundedJson(value: unknown, o: BoundedJsonOptions = {}): string {
  const maxChars = Math.max(0, o.maxChars ?? DEFAULT_MAX_CHARS);
  const maxDepth = Math.max(0, o.maxDepth ?? DEFAULT_MAX_DEPTH);
  try {
    return serialize(value, maxChars, maxDepth);
  } catch {
    // Unreachable by design; a last guard so callers never see an exception.
    return '"[unserializable]"'.slice(0, maxChars);
  }
}

function serialize(root: unknown, maxChars: number, maxDepth: number): string {
  const out = new BoundedWriter(maxChars);
  const stack: Frame[] = [];
  const ancestors = new Set<object>();
  // Each step writes something or skips one property; skipped ones (undefined values) are bounded separately.
  let budget = 4 * maxChars + 1024;

  const writeString = (s: string): void => {
    const room = maxChars + 1 - out.length;
    out.write(JSON.stringify(s.length > room ? s.slice(0, room) : s));
  };

  /** Writes a primitive (toJSON already applied), or opens a container frame; false if skipped (undefined, function). */
  const open = (v: unknown): boolean => {
    switch (typeof v) {
      case 'string': writeString(v); return true;
      case 'number': out.write(Number.isFinite(v) ? String(v) : 'null'); return true;
      case 'boolean': out.write(v ? 'true' : 'false'); return true;
      case 'bigint': writeString(v.toString()); return true;
      case 'undefined': case 'function': case 'symbol': return false;
      default: break;
    }
    if (v === null) { out.write('null'); return true; }
    const obj = v as object;
    if (ancestors.has(obj)) { writeString('[circular]'); return true; }
    if (stack.length >= maxDepth) { writeString('[depth limit]'); return true; }
    if (isArrayLike(obj)) {
      const length = Number(read(obj, 'length'));
      out.write('[');
      stack.push({ kind: 'array', value: obj, length: Number.isFinite(length) ? length : 0, i: 0 });
    } else {
      let keys: string[];
      try { keys = Object.keys(obj); } catch { writeString('[unreadable]'); return true; }
      out.write('{');
      stack.push({ kind: 'object', value: obj, keys, i: 0, wrote: 0 });
    }
    ancestors.add(obj);
    return true;
  };

  if (!open(resolveToJson(root, ''))) return root === undefined ? 'undefined'.slice(0, maxChars) : 'null'.slice(0, maxChars);

  while (stack.length > 0 && !out.full) {
    if (--budget < 0) { out.cut = true; break; }
    const f = stack[stack.length - 1]!;
    if (f.kind === 'array') {
      if (f.i >= f.length) { out.write(']'); stack.pop(); ancestors.delete(f.value); continue; }
      if (f.i > 0) out.write(',');
      const i = f.i++;
      if (!open(resolveToJson(read(f.value, i), String(i)))) out.write('null');
    } else {
      if (f.i >= f.keys.length) { out.write('}'); stack.pop(); ancestors.delete(f.value); continue; }
      const k = f.keys[f.i++]!;
      const v = resolveToJson(read(f.value, k), k);
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      if (f.wrote++ > 0) out.write(',');
      writeString(k);
      out.write(':');
      open(v);
    }
  }
  if (stack.length > 0) out.cut = true;
  return out.result();
}
