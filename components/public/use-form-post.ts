'use client';

import { useState } from 'react';

/**
 * A public form's state, answered by its route handler (lib/public/form-route.ts): the form's
 * fields are posted as a plain form would post them, with `Accept: application/json`, and the
 * answer becomes the state. `offline` is what changes in the shown state when no answer comes
 * (the network, a 4xx/5xx). The answer's `nonce` counts answers on this page, so effects can tell a new one.
 */
export function useFormPost<State extends { nonce: number }>(
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
    return answer;
  }
  return [state, post, pending] as const;
}
