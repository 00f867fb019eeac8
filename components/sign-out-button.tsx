import { signOut } from '@/lib/auth/auth';

/** 登出, for the dashboard and the console: the session ends server-side (Auth.js signOut event). */
export function SignOutButton({ label }: { label: string }) {
  return (
    <form
      action={async () => {
        'use server';
        await signOut({ redirectTo: '/login' });
      }}
    >
      <button className="min-h-11 rounded-md border border-slate-300 px-4 hover:bg-slate-50">
        {label}
      </button>
    </form>
  );
}
