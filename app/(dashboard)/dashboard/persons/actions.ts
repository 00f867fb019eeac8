'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getDb } from '@/db';
import { getEngineDeps } from '@/lib/server/engine';
import { applicantAction, type ActionState } from '@/lib/web/action';
import {
  createPerson,
  deletePerson,
  PERSON_REFUSAL,
  updatePerson,
  type PersonResult,
} from '@/lib/domain/persons';
import {
  personDeleteFormSchema,
  personEditFormSchema,
  personFormSchema,
} from '@/lib/schemas/persons';
import type { getServerI18n } from '@/lib/i18n/server';

type I18n = Awaited<ReturnType<typeof getServerI18n>>;

function refused(
  result: Exclude<PersonResult, { ok: true }>,
  i18n: I18n,
): Omit<ActionState, 'nonce'> {
  return { ok: false, message: i18n.t(PERSON_REFUSAL[result.reason]) };
}

export const createPersonAction = applicantAction(
  personFormSchema,
  async ({ returnPass, ...input }, applicant, { i18n }) => {
    const result = await createPerson(await getDb(), applicant, input);
    if (!result.ok) return refused(result, i18n);
    revalidatePath('/dashboard', 'layout');
    // Added from a pass page (提醒 4: 「再回到此頁進行驗證操作」): back to that pass.
    redirect(
      returnPass
        ? `/dashboard/passes/${encodeURIComponent(returnPass)}`
        : '/dashboard/persons?saved=1',
    );
  },
);

export const updatePersonAction = applicantAction(
  personEditFormSchema,
  async ({ id, ...fields }, applicant, { i18n, log }) => {
    // An alert to the old number goes out through the engine's own transport (rule 22).
    const result = await updatePerson(
      await getDb(),
      applicant,
      id,
      fields,
      await getEngineDeps({ log }),
    );
    if (!result.ok) return refused(result, i18n);
    revalidatePath('/dashboard', 'layout');
    redirect('/dashboard/persons?saved=1');
  },
);

export const deletePersonAction = applicantAction(
  personDeleteFormSchema,
  async ({ id }, applicant, { i18n }) => {
    const result = await deletePerson(await getDb(), applicant, id);
    if (!result.ok) return refused(result, i18n);
    revalidatePath('/dashboard', 'layout');
    redirect('/dashboard/persons?deleted=1');
  },
);
