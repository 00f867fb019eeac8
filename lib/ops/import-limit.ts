/**
 * The largest pass import the console accepts, in bytes: the one figure the route, Next's
 * configuration (next.config.ts) and README state. 50,000 rows of the export are about 4 MB.
 */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;

/** The same limit as people read it ("20 MB"), for the refusal's sentence. */
export const IMPORT_MAX_TEXT = `${IMPORT_MAX_BYTES / 1024 / 1024} MB`;
