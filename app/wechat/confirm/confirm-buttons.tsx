'use client';
import { useState } from 'react';
import { callApi } from '../../form';
import { useT } from '../../i18n-provider';

export function ConfirmButtons({ token, binds = false }: { token: string; binds?: boolean }) {
  const t = useT();
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function decide(approve: boolean) {
    setBusy(true);
    const res = await callApi<{ status: string }>('/api/auth/wechat/confirm', { body: { token, approve } });
    if (res.ok) setResult(t(res.body.status === 'cancelled' ? 'confirm.done.cancelled' : 'confirm.done.approved'));
    else setError(res.error?.message ?? t('error.internal'));
    setBusy(false);
  }

  const choices = [
    {
      approve: true,
      className: 'button primary wide',
      testId: 'confirm-login',
      label: binds ? 'confirm.bindApprove' : 'confirm.approve',
    },
    { approve: false, className: 'button wide', testId: 'cancel-login', label: 'confirm.cancel' },
  ] as const;

  if (result)
    return (
      <p className="notice" role="status" data-testid="confirm-result">
        {result}
      </p>
    );
  return (
    <div className="stack">
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {choices.map((c) => (
        <button
          key={c.testId}
          type="button"
          className={c.className}
          disabled={busy}
          onClick={() => void decide(c.approve)}
          data-testid={c.testId}
        >
          {t(c.label)}
        </button>
      ))}
    </div>
  );
}
