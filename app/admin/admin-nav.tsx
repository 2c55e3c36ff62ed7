'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useT } from '../i18n-provider';

const ITEMS = [
  { href: '/admin', key: 'admin.nav.overview' },
  { href: '/admin/bindings', key: 'admin.nav.bindings' },
  { href: '/admin/audit', key: 'admin.nav.audit' },
  { href: '/admin/health', key: 'admin.nav.health' },
  { href: '/admin/integrations', key: 'admin.nav.integrations' },
  { href: '/admin/events', key: 'admin.nav.events' },
] as const;

export function AdminNav() {
  const t = useT();
  const path = usePathname();
  return (
    <nav className="tabs admin-tabs" aria-label={t('admin.title')}>
      {ITEMS.map((item) => {
        const active = item.href === '/admin' ? path === '/admin' : path.startsWith(item.href);
        return (
          <Link
            key={item.href}
            href={item.href}
            className={active ? 'tab active' : 'tab'}
            aria-current={active ? 'page' : undefined}
          >
            {t(item.key)}
          </Link>
        );
      })}
    </nav>
  );
}
