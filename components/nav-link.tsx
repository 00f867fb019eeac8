'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

/**
 * A menu link that marks the page it leads to (aria-current), and its sub-pages unless `exact`
 * (the area's home, whose path starts every other).
 */
export function NavLink({
  href,
  exact,
  className,
  children,
}: {
  href: string;
  exact: boolean;
  className: string;
  children: React.ReactNode;
}) {
  const path = usePathname();
  const current = path === href || (!exact && path.startsWith(`${href}/`));
  return (
    <Link href={href} className={className} aria-current={current ? 'page' : undefined}>
      {children}
    </Link>
  );
}
