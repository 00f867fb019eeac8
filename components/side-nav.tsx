import { NavLink } from './nav-link';

type Link = { href: string; label: string };

/**
 * The left menu of the signed-in areas: the area's name, an optional group heading, its links,
 * and further groups below (`more`).
 */
export function SideNav({
  title,
  label,
  group,
  links,
  more = [],
  className,
}: {
  title: string;
  label: string;
  group?: string;
  links: Link[];
  more?: Array<{ group: string; links: Link[] }>;
  className: string;
}) {
  const all = [...links, ...more.flatMap((g) => g.links)];
  const list = (heading: string | undefined, items: Link[]) => (
    <div key={heading ?? ''} className="pb-2">
      {heading && <p className="px-2 pb-1 text-sm text-harbor-100">{heading}</p>}
      <ul className="space-y-1">
        {items.map((link) => (
          <li key={link.href}>
            <NavLink
              className="block min-h-11 rounded-md px-3 py-2.5 hover:bg-white/10 aria-[current=page]:bg-white/20 aria-[current=page]:font-semibold"
              href={link.href}
              exact={all.some((other) => other.href.startsWith(`${link.href}/`))}
            >
              {link.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </div>
  );
  return (
    <aside className={`text-white md:min-h-dvh ${className}`}>
      <div className="px-4 py-4 font-bold">{title}</div>
      <nav aria-label={label} className="px-2 pb-4">
        {list(group, links)}
        {more.map((g) => list(g.group, g.links))}
      </nav>
    </aside>
  );
}
