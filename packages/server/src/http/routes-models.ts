import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context';

export function modelsRoutes(_app: FastifyInstance, _ctx: AppContext): void {}
