export async function register() {
  // Node runtime only: the edge runtime has no database driver.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    // Importing parses the environment: a bad variable is one line on stderr, not a stack trace.
    const startup = await import('./lib/server/startup').catch((error: unknown) => {
      console.error(
        `[startup] ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      );
      process.exit(1);
    });
    // Before the first request: per-client limits need each connection's address, logs an id.
    const { stampConnectionAddresses } = await import('./lib/web/connection-address');
    stampConnectionAddresses();
    await startup.startServer();
  }
}
