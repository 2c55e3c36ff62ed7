import type { ReactNode } from 'react';

/**
 * The admin console's data table: one header cell per column (plus, with `actions`, a last column
 * whose header only screen readers hear) and the rows given as children. On a narrow screen the table
 * scrolls sideways inside its wrapper, which therefore takes the keyboard focus (WCAG 2.1.1; axe's
 * scrollable-region-focusable). Not a landmark of its own: the card around it is the named section.
 */
export function DataTable(props: { testId?: string; columns: string[]; actions?: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to be scrolled
    <div className="table-wrap" tabIndex={0}>
      <table className="data-table" data-testid={props.testId}>
        <thead>
          <tr>
            {props.columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
            {props.actions !== undefined && (
              <th scope="col">
                <span className="sr-only">{props.actions}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}
