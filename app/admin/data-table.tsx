import { Children, type ReactNode } from 'react';
import { type Locale, type MessageKey, t } from '@/lib/i18n';

/**
 * The admin console's data table: one header cell per column (its string in the page's language) (plus, with `actions`, a last column
 * whose header only screen readers hear) and the rows given as children, or `empty` when there are none.
 * On a narrow screen the table scrolls sideways inside its wrapper, which therefore takes the keyboard focus (WCAG 2.1.1; axe's
 * scrollable-region-focusable). Not a landmark of its own: the card around it is the named section.
 */
export function DataTable(props: {
  locale: Locale;
  testId?: string;
  /** The column headers' strings. */
  columns: MessageKey[];
  /** With row actions: the string screen readers hear as the last column's header. */
  actions?: MessageKey;
  /** Shown instead of the table when there are no rows. */
  empty?: ReactNode;
  children: ReactNode;
}) {
  if (props.empty !== undefined && Children.count(props.children) === 0) return props.empty;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to be scrolled
    <div className="table-wrap" tabIndex={0}>
      <table className="data-table" data-testid={props.testId}>
        <thead>
          <tr>
            {props.columns.map((column) => (
              <th key={column} scope="col">
                {t(props.locale, column)}
              </th>
            ))}
            {props.actions !== undefined && (
              <th scope="col">
                <span className="sr-only">{t(props.locale, props.actions)}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}
