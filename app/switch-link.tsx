import Link from 'next/link';
import type { ReactNode } from 'react';

/** The link under a card to the page beside it (log in ⇄ register, the way back), handing `next` on when there is one. */
export function SwitchLink({ href, next, children }: { href: string; next?: string; children: ReactNode }) {
  return (
    <p className="switch-link">
      <Link href={next ? `${href}?next=${encodeURIComponent(next)}` : href}>{children}</Link>
    </p>
  );
}
