import type { ReactNode } from 'react';

/**
 * A card of the admin console: a section named by its heading (`<id>-heading`), so screen readers list
 * it as a region with that name. `stack` spaces its children (the cards holding a table and a form).
 */
export function Card(props: { id: string; title: string; stack?: boolean; children: ReactNode }) {
  const heading = `${props.id}-heading`;
  return (
    <section className={props.stack ? 'card stack' : 'card'} aria-labelledby={heading}>
      <h2 id={heading}>{props.title}</h2>
      {props.children}
    </section>
  );
}
