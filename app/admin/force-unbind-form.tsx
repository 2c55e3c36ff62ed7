'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { callApi } from '../form';
import { useT } from '../i18n-provider';

/** Forced unbind: a reason is required and kept in the audit log with the administrator's name. */
export function ForceUnbindForm({ url, id }: { url: string; id: string }) {
  const t = useT();
  const router = useRouter();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const res = await callApi(url, { method: 'DELETE', body: { reason } });
    setBusy(false);
    if (!res.ok) return setError(res.error?.message ?? t('error.internal'));
    router.refresh();
  }

  return (
    <form className="form unbind-form" onSubmit={submit}>
      <h3>{t('admin.unbind.title')}</h3>
      <label htmlFor={`reason-${id}`}>{t('admin.unbind.reason')}</label>
      <input
        id={`reason-${id}`}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        maxLength={500}
        required
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `unbind-error-${id}` : undefined}
      />
      {error && (
        <p id={`unbind-error-${id}`} className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button danger" disabled={busy}>
        {t('admin.unbind.submit')}
      </button>
    </form>
  );
}
