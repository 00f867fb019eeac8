import { formRoute } from '@/lib/form-route';
import { answerSignIn } from '@/lib/public/sign-in';
import { initialSignInState } from '@/lib/public/state';

/** 登入, from /login. */
export const POST = formRoute({
  answer: answerSignIn,
  prev: () => initialSignInState,
  page: '/login',
});
