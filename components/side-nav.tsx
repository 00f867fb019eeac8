import { NavLink } from './nav-link';

/** The left menu of the signed-in areas: the area's name, an optional group heading, its links. */
export function SideNav({
  title,
  label,
  group,
  links,
  className,
}: {
  title: string;
  label: string;
  group?: string;
  links: Array<{ href: string; label: string }>;
  className: string;
}) {
  return (
    <aside className={`text-white md:min-h-dvh ${className}`}>
      <div className="px-4 py-4 font-bold">{title}</div>
      <nav aria-label={label} className="px-2 pb-4">
        {group && <p className="px-2 pb-1 text-sm text-harbor-100">{group}</p>}
        <ul className="space-y-1">
          {links.map((link) => (
            <li key={link.href}>
              <NavLink
                className="block min-h-11 rounded-md px-3 py-2.5 hover:bg-white/10 aria-[current=page]:bg-white/20 aria-[current=page]:font-semibold"
                href={link.href}
                exact={links.some((other) => other.href.startsWith(`${link.href}/`))}
              >
                {link.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
    </aside>
  );
}
