/**
 * The largest body a server action takes: next.config.ts gives it to Next
 * (serverActions.bodySizeLimit) and proxy.ts refuses a larger one with 413 before Next would
 * answer it with a 500. No form of the service posts more than a few kB.
 */
export const ACTION_BODY_LIMIT = 1024 * 1024;
