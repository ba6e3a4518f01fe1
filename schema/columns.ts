// Column specs: the single description of a table from which Arrow schemas, TS row types and validators derive.
import {
  Field, Float64, Int32, Int64, Schema, TimestampMillisecond, Utf8, type DataType,
} from 'apache-arrow';

export type ColumnKind = 'int32' | 'int64' | 'float64' | 'utf8' | 'timestampMs';

export interface ColumnSpec {
  readonly kind: ColumnKind;
  readonly nullable: boolean;
  /** Inclusive numeric bounds checked at ingest. */
  readonly min?: number;
  readonly max?: number;
  /** Closed set of allowed strings (an enum). */
  readonly values?: readonly string[];
  /** Longest string accepted at ingest, in UTF-16 code units (utf8 columns; DEFAULT_MAX_STRING_LENGTH unless set). */
  readonly maxLength?: number;
}

/** Every string column is capped; a column that needs more (or less) says so in its spec. */
export const DEFAULT_MAX_STRING_LENGTH = 256;

export type TableSpec = Readonly<Record<string, ColumnSpec>>;

// int64 and timestamps are carried as JS numbers (safe integers / epoch ms) everywhere in TS;
// only the Arrow builders see BigInt. Keeps arithmetic simple and JSON-safe.
type KindValue<K extends ColumnKind> = K extends 'utf8' ? string : number;
type EnumOr<C extends ColumnSpec> = C['values'] extends readonly (infer V)[] ? V : KindValue<C['kind']>;
type Cell<C extends ColumnSpec> = C['nullable'] extends true ? EnumOr<C> | null : EnumOr<C>;

/** The TypeScript row type of a table spec. */
export type RowOf<T extends TableSpec> = { -readonly [K in keyof T]: Cell<T[K]> };

interface ColumnOptions {
  nullable?: boolean;
  min?: number;
  max?: number;
  values?: readonly string[];
  maxLength?: number;
}

/** The precise spec type for a kind and its options (keeps enum literals and nullability). */
type Made<K extends ColumnKind, O extends ColumnOptions> = {
  readonly kind: K;
  readonly nullable: O extends { nullable: true } ? true : false;
  readonly min?: number;
  readonly max?: number;
  readonly values: O extends { values: infer V extends readonly string[] } ? V : undefined;
  readonly maxLength?: number;
};

const DEFAULT_BOUNDS: Partial<Record<ColumnKind, Pick<ColumnSpec, 'min' | 'max' | 'maxLength'>>> = {
  int32: { min: -2147483648, max: 2147483647 },
  int64: { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER },
  timestampMs: { min: 0, max: 8.64e15 },
  utf8: { maxLength: DEFAULT_MAX_STRING_LENGTH },
};

function make<K extends ColumnKind>(kind: K) {
  return <const O extends ColumnOptions = {}>(o?: O): Made<K, O> =>
    ({ kind, nullable: false, ...DEFAULT_BOUNDS[kind], ...o }) as unknown as Made<K, O>;
}

/** Column constructors; options add bounds, nullability or enum values. */
export const col = {
  int32: make('int32'),
  int64: make('int64'),
  float64: make('float64'),
  utf8: make('utf8'),
  timestampMs: make('timestampMs'),
};

export function arrowTypeOf(kind: ColumnKind): DataType {
  switch (kind) {
    case 'int32': return new Int32();
    case 'int64': return new Int64();
    case 'float64': return new Float64();
    case 'utf8': return new Utf8();
    case 'timestampMs': return new TimestampMillisecond();
  }
}

/** DuckDB column type matching the Arrow type (used for DDL and Parquet writes). */
export function duckdbTypeOf(kind: ColumnKind): string {
  switch (kind) {
    case 'int32': return 'INTEGER';
    case 'int64': return 'BIGINT';
    case 'float64': return 'DOUBLE';
    case 'utf8': return 'VARCHAR';
    case 'timestampMs': return 'TIMESTAMP_MS';
  }
}

export function arrowSchemaOf(table: TableSpec): Schema {
  return new Schema(Object.entries(table).map(([name, c]) => new Field(name, arrowTypeOf(c.kind), c.nullable)));
}
