// `GET /data/first-paint/hourly-tokens`: the diagnostics chart's series as small JSON, for readers of data (data.read),
// cut to the user's data scope, so the page can draw it before its DuckDB-WASM holds the snapshot.
import type { FastifyInstance } from 'fastify';
import { FIRST_PAINT_HOURLY_TOKENS_PATH } from '../../schema/firstPaint.js';
import type { FactReader } from '../../pipelines/lake/factReader.js';
import type { AuthUser } from '../identity/identityService.js';
import type { DataScope } from '../identity/dataScope.js';
import { FirstPaintSeries } from './firstPaintSeries.js';

export function registerFirstPaintRoute(app: FastifyInstance, rt: { facts: FactReader; clock: { now(): number } },
  scopeOf: (u: AuthUser | null) => DataScope): void {
  const series = new FirstPaintSeries({ facts: rt.facts, dataNowMs: () => rt.clock.now() });
  app.get(FIRST_PAINT_HOURLY_TOKENS_PATH, { config: { permission: 'data.read' } }, async (req, reply) => {
    const body = await series.hourlyTokens(scopeOf(req.user));
    // Per user (scope) and a few seconds old at most: never cached by the browser or anything in between.
    return reply.header('cache-control', 'private, no-store').send(body);
  });
}
