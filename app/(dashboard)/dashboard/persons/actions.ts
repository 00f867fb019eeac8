'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getDb } from '@/db';
import { formField } from '@/lib/action';
import { applicantAction, type ActionState } from '@/lib/auth/action';
import { getServerI18n } from '@/lib/i18n/server';
import { createPerson, deletePerson, PERSON_REFUSAL, updatePerson, type PersonResult } from '@/lib/persons';

function fields(formData: FormData) {
  return {
    identityNumber: formField(formData, 'identityNumber', 40),
    name: formField(formData, 'name', 200),
    mobile: formField(formData, 'mobile', 40),
  };
}

async function refused(result: Exclude<PersonResult, { ok: true }>): Promise<Omit<ActionState, 'nonce'>> {
  const i18n = await getServerI18n();
  return {
    ok: false,
    message: i18n.t(PERSON_REFUSAL[result.reason]),
    fieldErrors: result.reason === 'invalid-input' ? i18n.fieldErrors(result.fieldErrors) : undefined,
  };
}

export const createPersonAction = applicantAction<ActionState>(async (applicant, formData) => {
  const result = await createPerson(await getDb(), applicant.companyId, fields(formData));
  if (!result.ok) return refused(result);
  revalidatePath('/dashboard', 'layout');
  redirect('/dashboard/persons?saved=1');
});

export const updatePersonAction = applicantAction<ActionState>(async (applicant, formData) => {
  const result = await updatePerson(await getDb(), applicant.companyId, formField(formData, 'id', 20), fields(formData));
  if (!result.ok) return refused(result);
  revalidatePath('/dashboard', 'layout');
  redirect('/dashboard/persons?saved=1');
});

export const deletePersonAction = applicantAction<ActionState>(async (applicant, formData) => {
  const result = await deletePerson(await getDb(), applicant.companyId, formField(formData, 'id', 20));
  if (!result.ok) return refused(result);
  revalidatePath('/dashboard', 'layout');
  redirect('/dashboard/persons?deleted=1');
});
