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

describe('loadConfig: production defaults and limits', () => {
  it('binds to loopback by default', () => {
    expect(loadConfig({}).host).toBe('localhost');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('rate and heavy-work limits: generous defaults, set by environment, 0 turns each off', () => {
    expect(loadConfig({}).limits).toEqual({ rateLimitPerSec: 50, rateLimitBurst: 500, heavyConcurrency: 2, heavyQueue: 64 });
    expect(loadConfig({ OPSDECK_RATE_LIMIT_RPS: '0', OPSDECK_RATE_LIMIT_BURST: '20', OPSDECK_HEAVY_CONCURRENCY: '0', OPSDECK_HEAVY_QUEUE: '3' }).limits)
      .toEqual({ rateLimitPerSec: 0, rateLimitBurst: 20, heavyConcurrency: 0, heavyQueue: 3 });
    expect(() => loadConfig({ OPSDECK_HEAVY_CONCURRENCY: '-1' })).toThrow(/OPSDECK_HEAVY_CONCURRENCY/);
  });

  it('the ticket webhook secret reaches the automation settings; a short one is refused', () => {
    expect(loadConfig({}).automation?.webhookSecret).toBeNull();
    expect(loadConfig({ OPSDECK_WEBHOOK_SECRET: 's'.repeat(32) }).automation?.webhookSecret).toBe('s'.repeat(32));
    expect(() => loadConfig({ OPSDECK_WEBHOOK_SECRET: 'short' })).toThrow(/OPSDECK_WEBHOOK_SECRET: at least 16 characters/);
  });

  it('a webhook URL to a link-local address is a configuration error even when allow-listed', () => {
    expect(() => loadConfig({ OPSDECK_WEBHOOK_URL: 'http://169.254.169.254/x', OPSDECK_WEBHOOK_ALLOWLIST: '169.254.169.254' }))
      .toThrow(/OPSDECK_WEBHOOK_URL host '169.254.169.254' is a link-local address/);
  });
});
