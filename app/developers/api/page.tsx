import { openApiDocument } from '@/lib/host/openapi';
import { pageLocale } from '@/lib/http/page-context';
import { t } from '@/lib/i18n';
import { services } from '@/lib/services';
import { WEBHOOK_EVENT_TYPES } from '@/lib/webhooks/event-types';
import styles from './api.module.css';

export const metadata = { title: 'WeBind API' };

type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  description?: string;
  anyOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
};
type Operation = {
  summary?: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: Schema; description?: string }>;
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
};

function typeOf(s: Schema | undefined): string {
  if (!s) return '';
  if (s.$ref) return s.$ref.split('/').at(-1)!;
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (s.anyOf) return s.anyOf.map(typeOf).join(' | ');
  if (s.type === 'array') return `${typeOf(s.items)}[]`;
  return Array.isArray(s.type) ? s.type.join(' | ') : (s.type ?? 'object');
}

function limits(s: Schema): string {
  const parts = [];
  if (s.minimum !== undefined || s.maximum !== undefined) parts.push(`${s.minimum ?? ''}…${s.maximum ?? ''}`);
  if (s.minLength !== undefined || s.maxLength !== undefined)
    parts.push(`${s.minLength ?? 0}–${s.maxLength ?? '∞'} chars`);
  return parts.join(', ');
}

function Fields({ schema, required }: { schema: Schema; required: string }) {
  const props = Object.entries(schema.properties ?? {});
  if (props.length === 0) return <code>{typeOf(schema)}</code>;
  return (
    <table className={styles.fields}>
      <tbody>
        {props.map(([name, s]) => (
          <tr key={name}>
            <td>
              <code>{name}</code>
              {schema.required?.includes(name) ? <span className={styles.required}> {required}</span> : null}
            </td>
            <td>
              <code>{typeOf(s)}</code>
              {limits(s) ? <span className={styles.muted}> ({limits(s)})</span> : null}
            </td>
            <td>{s.description ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The server API reference, rendered from the same OpenAPI document /api/v1/openapi.json serves. */
export default async function ApiReferencePage() {
  const locale = await pageLocale();
  const doc = openApiDocument(services().config.publicUrl) as unknown as {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, Schema> };
  };
  const required = t(locale, 'apiref.required');
  return (
    <section className={`card ${styles.reference}`}>
      <h1>{t(locale, 'apiref.title')}</h1>
      <p className="lead">{t(locale, 'apiref.intro')}</p>
      <p>{t(locale, 'apiref.auth')}</p>
      <p>
        <a href="/api/v1/openapi.json">{t(locale, 'apiref.download')}</a>
      </p>
      {Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.entries(ops).map(([method, op]) => {
          const body = op.requestBody?.content['application/json']?.schema;
          return (
            <article key={`${method} ${path}`} className={styles.operation} id={`${method}-${path}`}>
              <h2>
                <span className={styles.method}>{method.toUpperCase()}</span> <code>{path}</code>
              </h2>
              <p>{op.summary}</p>
              {op.parameters?.length ? (
                <>
                  <h3>{t(locale, 'apiref.parameters')}</h3>
                  <ul>
                    {op.parameters.map((p) => (
                      <li key={p.name}>
                        <code>{p.name}</code> ({p.in}, <code>{typeOf(p.schema)}</code>)
                        {p.required ? ` ${required}` : ''}
                        {p.schema?.description ? ` — ${p.schema.description}` : ''}
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
              {body ? (
                <>
                  <h3>{t(locale, 'apiref.request')}</h3>
                  <Fields schema={body.$ref ? doc.components.schemas[typeOf(body)] : body} required={required} />
                </>
              ) : null}
              <h3>{t(locale, 'apiref.responses')}</h3>
              <ul>
                {Object.entries(op.responses).map(([status, r]) => (
                  <li key={status}>
                    <code>{status}</code> {r.description}
                    {r.content ? (
                      <>
                        {' '}
                        → <code>{typeOf(r.content['application/json']?.schema)}</code>
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            </article>
          );
        }),
      )}
      <h2>{t(locale, 'apiref.schemas')}</h2>
      {Object.entries(doc.components.schemas).map(([name, schema]) => (
        <article key={name} className={styles.operation} id={`schema-${name}`}>
          <h3>{name}</h3>
          {schema.description ? <p>{schema.description}</p> : null}
          <Fields schema={schema} required={required} />
        </article>
      ))}
      <h2>{t(locale, 'apiref.webhooks')}</h2>
      <p>{t(locale, 'apiref.webhooksIntro')}</p>
      <ul>
        {WEBHOOK_EVENT_TYPES.map((type) => (
          <li key={type}>
            <code>{type}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}
