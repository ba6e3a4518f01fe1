// URL paths the bench server adds to the real app, shared by the harness, the server process and the bench page.
export const JSON_SNAPSHOT_PATH = '/bench/json';
export const BENCH_PAGE_PREFIX = '/bench-app/';
