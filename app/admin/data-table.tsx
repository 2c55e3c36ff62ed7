import type { ReactNode } from 'react';

/**
 * The admin console's data table: one header cell per column (plus, with `actions`, a last column
 * whose header only screen readers hear) and the rows given as children.
 */
export function DataTable(props: { testId?: string; columns: string[]; actions?: string; children: ReactNode }) {
  return (
    <div className="table-wrap">
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
