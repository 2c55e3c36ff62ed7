'use client';
import { useRouter } from 'next/navigation';
import { type ReactNode, useState } from 'react';
import { WEBHOOK_EVENT_TYPES } from '@/lib/webhooks/event-types';
import { callApi } from '../../form';
import { useT } from '../../i18n-provider';

/**
 * A form that creates something whose secret the answer carries (an API key, a webhook's signing secret):
 * the secret is shown once, right after it was made.
 */
function SecretForm(props: {
  title: string;
  url: string;
  body: unknown;
  /** The answer's field that holds the secret. */
  secret: 'key' | 'secret';
  createdLabel: string;
  onCreated: () => void;
  children: ReactNode;
}) {
  const t = useT();
  const router = useRouter();
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    const res = await callApi<Record<typeof props.secret, string>>(props.url, { body: props.body });
    if (!res.ok) return setError(res.error?.message ?? t('error.internal'));
    setSecret(res.body[props.secret]);
    props.onCreated();
    router.refresh();
  }
  return (
    <form className="form" onSubmit={submit}>
      <h3>{props.title}</h3>
      {props.children}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button primary">
        {props.title}
      </button>
      {secret && (
        <div className="notice" role="status">
          <p>{props.createdLabel}</p>
          <code className="mono" data-testid="once-secret">
            {secret}
          </code>
          <p className="hint">{t('admin.int.shownOnce')}</p>
        </div>
      )}
    </form>
  );
}

export function CreateKeyForm() {
  const t = useT();
  const [name, setName] = useState('');
  const [rate, setRate] = useState('600');
  return (
    <SecretForm
      title={t('admin.int.createKey')}
      url="/api/admin/apikeys"
      body={{ name, ratePerMinute: Number(rate) }}
      secret="key"
      createdLabel={t('admin.int.keyCreated')}
      onCreated={() => setName('')}
    >
      <label htmlFor="key-name">{t('admin.int.name')}</label>
      <input id="key-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={64} required />
      <label htmlFor="key-rate">{t('admin.int.rate')}</label>
      <input
        id="key-rate"
        type="number"
        min={1}
        max={100000}
        value={rate}
        onChange={(e) => setRate(e.target.value)}
        required
      />
    </SecretForm>
  );
}

export function AddWebhookForm() {
  const t = useT();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>([]);
  return (
    <SecretForm
      title={t('admin.int.addWebhook')}
      url="/api/admin/webhooks"
      body={{ url, events: events.length ? events : null }}
      secret="secret"
      createdLabel={t('admin.int.webhookAdded')}
      onCreated={() => setUrl('')}
    >
      <label htmlFor="webhook-url">URL</label>
      <input id="webhook-url" type="url" value={url} onChange={(e) => setUrl(e.target.value)} required />
      <fieldset>
        <legend>{t('admin.int.events')}</legend>
        <p className="hint">{t('admin.int.eventsHint')}</p>
        {WEBHOOK_EVENT_TYPES.map((type) => (
          <label key={type} style={{ display: 'block' }}>
            <input
              type="checkbox"
              checked={events.includes(type)}
              onChange={(e) => setEvents(e.target.checked ? [...events, type] : events.filter((x) => x !== type))}
            />{' '}
            <span className="mono">{type}</span>
          </label>
        ))}
      </fieldset>
    </SecretForm>
  );
}

function ActionButton({
  label,
  url,
  method,
  danger,
}: {
  label: string;
  url: string;
  method: string;
  danger?: boolean;
}) {
  const t = useT();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className={danger ? 'button danger small' : 'button small'}
        onClick={async () => {
          const res = await callApi(url, { method });
          if (!res.ok) return setError(res.error?.message ?? t('error.internal'));
          router.refresh();
        }}
      >
        {label}
      </button>
      {error && (
        <span className="form-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}

export function RevokeKeyButton({ name }: { name: string }) {
  const t = useT();
  return (
    <ActionButton
      label={t('admin.int.revoke')}
      url={`/api/admin/apikeys/${encodeURIComponent(name)}`}
      method="DELETE"
      danger
    />
  );
}

export function RemoveWebhookButton({ id }: { id: string }) {
  const t = useT();
  return <ActionButton label={t('admin.int.remove')} url={`/api/admin/webhooks/${id}`} method="DELETE" danger />;
}

export function ResendButton({ id }: { id: number }) {
  const t = useT();
  return (
    <ActionButton label={t('admin.int.resend')} url={`/api/admin/webhook-deliveries/${id}/resend`} method="POST" />
  );
}
