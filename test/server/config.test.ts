// Configuration from the environment: the ticket/rule store setting (embedded DuckDB file by default, PostgreSQL by URL).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';

describe('loadConfig: ticket/rule store', () => {
  it('defaults to the embedded DuckDB file beside the lake', () => {
    const cfg = loadConfig({ OPSDECK_LAKE: 'some/lake' });
    expect(cfg.state).toEqual({ path: path.resolve('some/lake-state.duckdb'), url: null });
  });

  it('OPSDECK_STATE_URL selects PostgreSQL', () => {
    const url = 'postgres://opsdeck@127.0.0.1:5432/opsdeck';
    expect(loadConfig({ OPSDECK_STATE_URL: url }).state.url).toBe(url);
  });

  it('rejects a URL that is not PostgreSQL, naming the setting', () => {
    expect(() => loadConfig({ OPSDECK_STATE_URL: 'mysql://127.0.0.1/x' })).toThrow(/OPSDECK_STATE_URL: expected a postgres:\/\/ connection URL/);
  });
});
