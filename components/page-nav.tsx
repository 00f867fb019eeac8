import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { PageLinks } from '@/lib/web/keyset';

type Position = NonNullable<PageLinks[keyof PageLinks]>;

const pageLink = 'inline-flex min-h-11 items-center rounded-md border px-3';

/** 第一頁 / 上一頁 / 第 n 頁 / 下一頁 / 最後一頁 under a dashboard list (lib/web/keyset.ts). */
export async function PageNav({
  links,
  page,
  pages,
  href,
}: {
  links: PageLinks;
  page: number | undefined;
  pages: number | null;
  /** The list's URL at another position, its filters and order kept. */
  href: (position: Position) => string;
}) {
  if (!links.previous && !links.next) return null;
  const t = await getTranslations('dashboard');
  const link = (position: Position | undefined, label: string) =>
    position && (
      <Link className={pageLink} href={href(position)}>
        {label}
      </Link>
    );
  return (
    <nav aria-label={t('pagination')} className="flex flex-wrap items-center gap-2">
      {link(links.first, t('firstPage'))}
      {link(links.previous, t('previous'))}
      {page !== undefined && (
        <span className="px-2">
          {pages === null ? t('pageOnly', { page }) : t('page', { page, pages })}
        </span>
      )}
      {link(links.next, t('next'))}
      {link(links.last, t('lastPage'))}
    </nav>
  );
}
