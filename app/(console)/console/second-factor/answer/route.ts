import { getOperatorSignIn } from '@/lib/auth/auth';
import { consoleNotFound } from '@/lib/console/not-found';
import { answerSecondFactor, type SecondFactorState } from '@/lib/console/second-factor';
import { formRoute } from '@/lib/form-route';

/**
 * 兩步驟驗證's form. A route handler, not a server action: the right code reissues the session
 * cookie (a new session, review F5), and a server action's answer would re-render the page with
 * the request's old cookie. 404 to anyone but a pending operator sign-in.
 */
export async function POST(request: Request): Promise<Response> {
  const operator = await getOperatorSignIn();
  if (!operator || operator.secondFactor) return consoleNotFound();
  return formRoute<SecondFactorState>({
    answer: (prev, form) => answerSecondFactor(operator, prev, form),
    prev: () => ({ nonce: 0 }),
    page: '/console/second-factor',
  })(request);
}

export {
  consoleNotFound as GET,
  consoleNotFound as PUT,
  consoleNotFound as PATCH,
  consoleNotFound as DELETE,
  consoleNotFound as OPTIONS,
};
