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
      <button
        type="button"
        className="button primary wide"
        disabled={busy}
        onClick={() => void decide(true)}
        data-testid="confirm-login"
      >
        {t(binds ? 'confirm.bindApprove' : 'confirm.approve')}
      </button>
      <button
        type="button"
        className="button wide"
        disabled={busy}
        onClick={() => void decide(false)}
        data-testid="cancel-login"
      >
        {t('confirm.cancel')}
      </button>
    </div>
  );
}
