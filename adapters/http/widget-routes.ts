import type { FastifyInstance } from 'fastify';
import { isWithinBusinessHours } from '../../src/domain/business-hours.js';
import type { HostContext } from './host-context.js';
import { HttpProblem } from './http-problem.js';
import { publicWidgetView } from './json-views.js';

/** A widget profile's public fields and whether the shop is open right now, on the profile's clock. */
export const registerWidgetRoutes = (app: FastifyInstance, ctx: HostContext): void => {
  app.get('/api/widget/:name', async (req, reply) => {
    const { name } = req.params as { name?: unknown };
    const profile = await ctx.assistant.getWidgetSettings({ name });
    if (!profile || !profile.isActive) throw new HttpProblem(404, 'WidgetProfileNotFound', 'widget profile not found');
    // `online` changes with the clock, so a cached copy must not outlive a minute
    reply.header('Cache-Control', 'public, max-age=60');
    return publicWidgetView(profile, isWithinBusinessHours(profile.businessHours, ctx.clock()));
  });
};
