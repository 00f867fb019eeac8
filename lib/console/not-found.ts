/**
 * A console route's answer to anyone but an operator past the second factor, and to any method it
 * does not serve: 404, as for every console address (a 403 or a 405 would confirm the route).
 */
export const consoleNotFound = () => new Response('Not Found', { status: 404 });
