'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { WEBHOOK_EVENT_TYPES } from '@/lib/webhooks/event-types';
import { callApi } from '../../form';
import { useT } from '../../i18n-provider';

/** A secret shown once, right after it was made. */
function OnceSecret({ label, value }: { label: string; value: string }) {
  const t = useT();
  return (
    <div className="notice" role="status">
      <p>{label}</p>
      <code className="mono" data-testid="once-secret">
        {value}
      </code>
      <p className="hint">{t('admin.int.shownOnce')}</p>
    </div>
  );
}

export function CreateKeyForm() {
  const t = useT();
  const router = useRouter();
  const [name, setName] = useState('');
  const [rate, setRate] = useState('600');
  const [key, setKey] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    const res = await callApi<{ key: string }>('/api/admin/apikeys', {
      body: { name, ratePerMinute: Number(rate) },
    });
    if (!res.ok) return setError(res.error?.message ?? t('error.internal'));
    setKey(res.body.key);
    setName('');
    router.refresh();
  }
  return (
    <form className="form" onSubmit={submit}>
      <h3>{t('admin.int.createKey')}</h3>
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
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button primary">
        {t('admin.int.createKey')}
      </button>
      {key && <OnceSecret label={t('admin.int.keyCreated')} value={key} />}
    </form>
  );
}

export function AddWebhookForm() {
  const t = useT();
  const router = useRouter();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>([]);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    const res = await callApi<{ secret: string }>('/api/admin/webhooks', {
      body: { url, events: events.length ? events : null },
    });
    if (!res.ok) return setError(res.error?.message ?? t('error.internal'));
    setSecret(res.body.secret);
    setUrl('');
    router.refresh();
  }
  return (
    <form className="form" onSubmit={submit}>
      <h3>{t('admin.int.addWebhook')}</h3>
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
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button primary">
        {t('admin.int.addWebhook')}
      </button>
      {secret && <OnceSecret label={t('admin.int.webhookAdded')} value={secret} />}
    </form>
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
