export async function register() {
  // Node runtime only: the edge runtime has no database driver.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { startServer } = await import('./lib/startup');
    await startServer();
  }
}
