'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getDb } from '@/db';
import { applicantAction, formField, type ActionState } from '@/lib/auth/action';
import { createPerson, deletePerson, PERSON_REFUSAL, updatePerson } from '@/lib/persons';

function fields(formData: FormData) {
  return {
    identityNumber: formField(formData, 'identityNumber', 40),
    name: formField(formData, 'name', 200),
    mobile: formField(formData, 'mobile', 40),
  };
}

export const createPersonAction = applicantAction<ActionState>(async (applicant, formData) => {
  const result = await createPerson(await getDb(), applicant.companyId, fields(formData));
  if (!result.ok) return { ok: false, message: PERSON_REFUSAL[result.reason], fieldErrors: result.reason === 'invalid-input' ? result.fieldErrors : undefined };
  revalidatePath('/dashboard', 'layout');
  redirect('/dashboard/persons?saved=1');
});

export const updatePersonAction = applicantAction<ActionState>(async (applicant, formData) => {
  const result = await updatePerson(await getDb(), applicant.companyId, formField(formData, 'id', 20), fields(formData));
  if (!result.ok) return { ok: false, message: PERSON_REFUSAL[result.reason], fieldErrors: result.reason === 'invalid-input' ? result.fieldErrors : undefined };
  revalidatePath('/dashboard', 'layout');
  redirect('/dashboard/persons?saved=1');
});

export const deletePersonAction = applicantAction<ActionState>(async (applicant, formData) => {
  const result = await deletePerson(await getDb(), applicant.companyId, formField(formData, 'id', 20));
  if (!result.ok) return { ok: false, message: PERSON_REFUSAL[result.reason] };
  revalidatePath('/dashboard', 'layout');
  redirect('/dashboard/persons?deleted=1');
});
