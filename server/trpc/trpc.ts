// tRPC initialisation and the request context every procedure receives.
import { initTRPC } from '@trpc/server';
import type { Runtime } from '../runtime.js';
import type { LiveHub } from '../live/liveHub.js';

export interface TrpcContext { rt: Runtime; hub: LiveHub }

export const t = initTRPC.context<TrpcContext>().create();
