'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db';
import { findCompanyByTaxId } from '@/db/queries/ops';
import { operatorAction } from '@/lib/web/action';
import { consoleActor } from '@/db/queries/audit';
import {
  addAccount,
  addCompany,
  disableAccountByLogin,
  resetAccountPassword,
  resetAccountSecondFactor,
  setCompanySecondFactor,
  type OpsResult,
} from '@/lib/ops/accounts';
import { transferPerson } from '@/lib/domain/persons';
import {
  accountLoginSchema,
  accountSchema,
  companySchema,
  companyTaxIdSchema,
  resetPasswordSchema,
  transferSchema,
} from '@/lib/schemas/console';

// Each action: the operator (404 otherwise), the shared schema, one lib/ops function — the same
// the CLI runs — and its audit row in the change's transaction.

type Translate = (key: string) => string;

function answer(result: OpsResult, done: string, t: Translate) {
  if (result.ok) {
    revalidatePath('/console/companies');
    return { ok: true, message: t(`console.done.${done}`) };
  }
  return { ok: false, message: t(`console.refusal.${result.reason}`) };
}

export const addCompanyAction = operatorAction(companySchema, async (input, operator, { i18n }) =>
  answer(
    await addCompany(await getDb(), { ...input, actor: consoleActor(operator.login) }),
    'company',
    i18n.t,
  ),
);

export const addAccountAction = operatorAction(accountSchema, async (input, operator, { i18n }) =>
  answer(
    await addAccount(await getDb(), { ...input, actor: consoleActor(operator.login) }),
    'account',
    i18n.t,
  ),
);

export const resetPasswordAction = operatorAction(
  resetPasswordSchema,
  async (input, operator, { i18n }) =>
    answer(
      await resetAccountPassword(await getDb(), { ...input, actor: consoleActor(operator.login) }),
      'reset',
      i18n.t,
    ),
);

export const disableAccountAction = operatorAction(
  accountLoginSchema,
  async (input, operator, { i18n }) =>
    answer(
      await disableAccountByLogin(await getDb(), { ...input, actor: consoleActor(operator.login) }),
      'disable',
      i18n.t,
    ),
);

/** 要求兩步驟驗證 (`required`) and 取消兩步驟驗證要求: one function, the answer names which. */
const companySecondFactorAction = (required: boolean) =>
  operatorAction(companyTaxIdSchema, async (input, operator, { i18n }) =>
    answer(
      await setCompanySecondFactor(await getDb(), {
        ...input,
        required,
        actor: consoleActor(operator.login),
      }),
      required ? 'requireSecondFactor' : 'stopRequiringSecondFactor',
      i18n.t,
    ),
  );

export const requireSecondFactorAction = companySecondFactorAction(true);
export const stopRequiringSecondFactorAction = companySecondFactorAction(false);

export const resetSecondFactorAction = operatorAction(
  accountLoginSchema,
  async (input, operator, { i18n }) =>
    answer(
      await resetAccountSecondFactor(await getDb(), {
        ...input,
        actor: consoleActor(operator.login),
      }),
      'resetSecondFactor',
      i18n.t,
    ),
);

export const transferPersonAction = operatorAction(
  transferSchema,
  async (input, operator, { i18n }) => {
    const db = await getDb();
    const company = await findCompanyByTaxId(db, { taxId: input.toTaxId });
    if (!company) return { ok: false, message: i18n.t('console.refusal.unknown-company') };
    const result = await transferPerson(db, {
      identityNumber: input.identityNumber,
      toCompanyId: company.id,
      actor: consoleActor(operator.login),
      reason: input.reason,
    });
    if (result.ok) return { ok: true, message: i18n.t('console.done.transfer') };
    return {
      ok: false,
      message: i18n.t(
        result.reason === 'not-found'
          ? 'console.refusal.person-not-found'
          : 'console.refusal.same-company',
      ),
    };
  },
);
