'use client';
import { useState } from 'react';
import { safeNextPath } from '@/lib/http/safe-next';
import { callApi, FormError } from '../form';
import { useT } from '../i18n-provider';

/** SIGNUP_WECHAT_ONLY=1: create the account from the scanned WeChat alone, then go on. */
export function WechatOnlyButton(props: { sceneId: string; next?: string }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  async function go() {
    setBusy(true);
    const res = await callApi('/api/auth/bind-account', { body: { sceneId: props.sceneId, mode: 'wechat_only' } });
    if (res.ok) return window.location.assign(safeNextPath(props.next));
    setError(res.error?.message ?? t('error.internal'));
    setBusy(false);
  }

  return (
    <div className="stack">
      <button type="button" className="button wide" data-testid="wechat-only" disabled={busy} onClick={go}>
        {busy ? t('form.submitting') : t('wechatOnly.button')}
      </button>
      <p className="hint">{t('wechatOnly.hint')}</p>
      <FormError message={error} />
    </div>
  );
}
