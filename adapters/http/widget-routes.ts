import type { FastifyInstance } from 'fastify';
import { businessHoursStatus, type BusinessHoursStatus } from '../../src/domain/business-hours.js';
import type { HostContext } from './host-context.js';
import { HttpProblem } from './http-problem.js';
import { publicWidgetView } from './json-views.js';
import { WIDGET_SCHEMAS } from './route-schemas.js';

/**
 * Who can answer a visitor. The bot always can; people (operators) work to the profile's
 * business hours. `people` is an object so that presence ("an operator is signed in now")
 * can join it later without changing what is there (docs/widget.md).
 */
const availabilityView = (status: BusinessHoursStatus) => ({
  bot: true,
  people: {
    has_hours: status.hasHours,
    within_hours: status.withinHours,
    opens_at: status.opensAt?.toISOString() ?? null,
    closes_at: status.closesAt?.toISOString() ?? null,
    timezone: status.timeZone,
  },
});

/** A widget profile's public fields and who can answer right now, on the profile's clock. */
export const registerWidgetRoutes = (app: FastifyInstance, ctx: HostContext): void => {
  app.get('/api/widget/:name', { schema: WIDGET_SCHEMAS.profile }, async (req, reply) => {
    const { name } = req.params as { name?: unknown };
    const profile = await ctx.assistant.getWidgetSettings({ name });
    if (!profile || !profile.isActive) throw new HttpProblem(404, 'WidgetProfileNotFound', 'widget profile not found');
    // availability changes with the clock, so a cached copy must not outlive a minute
    reply.header('Cache-Control', 'public, max-age=60');
    const status = businessHoursStatus(profile.businessHours, ctx.clock());
    // `online` is what widgets before `availability` read: the same as people.within_hours
    return { ...publicWidgetView(profile, status.withinHours), availability: availabilityView(status) };
  });
};
