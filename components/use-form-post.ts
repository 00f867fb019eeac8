'use client';

import { useState } from 'react';

/**
 * A form's state, answered by its route handler (lib/form-route.ts): the form's fields are posted
 * as a plain form would post them, with `Accept: application/json`, and the answer becomes the
 * state; an answer that names where to go (`redirectTo`, after signing in) is followed.
 * `offline` is what changes in the shown state when no answer comes (the network, a 4xx/5xx).
 * The answer's `nonce` counts answers on this page, so effects can tell a new one.
 */
export function useFormPost<State extends { nonce: number; redirectTo?: string }>(
  url: string,
  initial: State,
  offline: () => Partial<State>,
) {
  const [state, setState] = useState(initial);
  const [pending, setPending] = useState(false);
  async function post(form: FormData): Promise<State | null> {
    setPending(true);
    let answer: State | null = null;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { accept: 'application/json' },
        body: new URLSearchParams(form as unknown as Record<string, string>),
      });
      if (response.ok) answer = (await response.json()) as State;
    } catch {
      // offline: answered below
    }
    const shown = answer ?? { ...state, ...offline() };
    setState((before) => ({ ...shown, nonce: before.nonce + 1 }));
    setPending(false);
    if (answer?.redirectTo) window.location.assign(answer.redirectTo);
    return answer;
  }
  return [state, post, pending] as const;
}
