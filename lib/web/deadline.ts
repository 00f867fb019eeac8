/**
 * A deadline that cancels rather than abandons. The work gets a signal that aborts at the
 * deadline, and hands the one step that cannot be taken back (giving an SMS to the provider) to
 * `publish`. At the deadline:
 * - before that step: the signal aborts, the person gets the outage answer, and the work, which
 *   sees the aborted signal, never publishes;
 * - during it: the signal aborts the provider's call, and the answer follows what the call then
 *   says: taken by the provider → the work's own answer ("sent"), else the outage answer;
 * - after it, or after a change the work `commit`s (a verification): the work's own answer,
 *   whatever it waits for (it is bounded by its own timeouts).
 * So a person is never told "unavailable" about an SMS that went out.
 */
export interface DeadlineScope {
  signal: AbortSignal;
  /** Runs the irreversible step; `taken` says whether it happened (the provider took the SMS). */
  publish<T>(step: () => Promise<T>, taken: (result: T) => boolean): Promise<T>;
  /** Marks a change that is done (a verification committed): its answer is waited for. */
  commit(): void;
}

/** The scope of work that has no deadline (the CLI, the bench, tests of the engine alone). */
export const NO_DEADLINE: DeadlineScope = {
  signal: new AbortController().signal,
  publish: (step) => step(),
  commit: () => {},
};

export async function withDeadline<T>(
  ms: number,
  run: (scope: DeadlineScope) => Promise<T>,
  onOutage: () => T | Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let inFlight: Promise<boolean> | null = null;
  let published = false;
  const scope: DeadlineScope = {
    signal: controller.signal,
    async publish(step, taken) {
      const call = step();
      inFlight = call.then(taken, () => false);
      const result = await call;
      if (taken(result)) published = true;
      return result;
    },
    commit() {
      published = true;
    },
  };
  const work = run(scope);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'expired'>((resolve) => {
    timer = setTimeout(() => resolve('expired'), ms);
  });
  try {
    const first = await Promise.race([work, deadline]);
    if (first !== 'expired') return first;
    controller.abort(new Error('deadline'));
    if (published || (inFlight !== null && (await inFlight))) return await work;
    // Told the outage; the work goes on without publishing and must not be an unhandled rejection.
    work.catch(() => {});
    return await onOutage();
  } finally {
    clearTimeout(timer);
  }
}
