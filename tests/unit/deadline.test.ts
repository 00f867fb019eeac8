import { describe, expect, it } from 'vitest';
import { withDeadline } from '@/lib/web/deadline';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const OUTAGE = 'unavailable';

describe('the action deadline cancels, it does not abandon (issue 22.7)', () => {
  it('work still before its irreversible step is answered with the outage, and never takes it', async () => {
    let published = false;
    const answer = await withDeadline<string>(
      20,
      async (scope) => {
        await sleep(60);
        if (scope.signal.aborted) return 'not sent';
        published = true;
        return 'sent';
      },
      () => OUTAGE,
    );
    await sleep(80);
    expect(answer).toBe(OUTAGE);
    expect(published).toBe(false);
  });

  it('a step in flight that the provider took anyway is answered by the work, not the outage', async () => {
    const answer = await withDeadline<string>(
      20,
      async (scope) => {
        const taken = await scope.publish(
          () => sleep(60).then(() => true), // ignores the abort: the provider had it
          (ok) => ok,
        );
        return taken ? 'sent' : 'not sent';
      },
      () => OUTAGE,
    );
    expect(answer).toBe('sent');
  });

  it('a step in flight that the abort cancelled is answered with the outage', async () => {
    const answer = await withDeadline<string>(
      20,
      (scope) =>
        scope
          .publish(
            () =>
              new Promise<boolean>((resolve) =>
                scope.signal.addEventListener('abort', () => resolve(false)),
              ),
            (ok) => ok,
          )
          .then((ok) => (ok ? 'sent' : 'not sent')),
      () => OUTAGE,
    );
    expect(answer).toBe(OUTAGE);
  });

  it('a committed change (a verification) is answered as such, however long what follows it takes', async () => {
    const answer = await withDeadline<string>(
      20,
      async (scope) => {
        scope.commit();
        await sleep(60); // the old number's alert, a slow provider
        return 'verified';
      },
      () => OUTAGE,
    );
    expect(answer).toBe('verified');
  });
});
