'use client';
import { useState } from 'react';
import { useT } from '../../i18n-provider';

export function ConfirmButtons({ token }: { token: string }) {
  const t = useT();
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function decide(approve: boolean) {
    setBusy(true);
    const res = await fetch('/api/auth/wechat/confirm', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, approve }) });
    const body = await res.json().catch(() => null);
    if (res.ok) setResult(t(body.status === 'login_ready' ? 'confirm.done.approved' : 'confirm.done.cancelled'));
    else setError(body?.error?.message ?? t('error.internal'));
    setBusy(false);
  }

  if (result) return <p className="notice" role="status" data-testid="confirm-result">{result}</p>;
  return (
    <div className="stack">
      {error && <p className="form-error" role="alert">{error}</p>}
      <button type="button" className="button primary wide" disabled={busy} onClick={() => void decide(true)} data-testid="confirm-login">
        {t('confirm.approve')}
      </button>
      <button type="button" className="button wide" disabled={busy} onClick={() => void decide(false)} data-testid="cancel-login">
        {t('confirm.cancel')}
      </button>
    </div>
  );
}
