import { redirect } from 'next/navigation';
import { getApplicant, signedInHome } from '@/lib/auth/auth';

export default async function DashboardHome() {
  // The sign-in page sends every account here; an operator goes on to the console.
  redirect((await getApplicant()) ? '/dashboard/passes' : await signedInHome());
}
