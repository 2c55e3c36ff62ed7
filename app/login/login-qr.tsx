'use client';
import { useState } from 'react';
import type { ScanUpdate } from '@/lib/realtime/events';
import { safeNextPath } from '@/lib/http/safe-next';
import { callApi } from '../form';
import { useT } from '../i18n-provider';
import { QrPanel } from '../scan/qr-panel';

/** The login QR: on `login_ready` this browser (holding the key cookie) finishes the login itself. */
export function LoginQr(props: { next: string | null; simulator: boolean }) {
  const t = useT();
  const [error, setError] = useState<string | null>(null);
  const [finishing, setFinishing] = useState(false);

  async function onUpdate(update: ScanUpdate) {
    if (update.status === 'needs_binding') {
      const params = new URLSearchParams({ scene: update.sceneId });
      if (props.next) params.set('next', props.next);
      window.location.assign(`/bind-account?${params}`);
    }
    if (update.status !== 'login_ready' || finishing) return;
    setFinishing(true);
    const res = await callApi('/api/auth/wechat', { body: { sceneId: update.sceneId } });
    if (res.ok) return window.location.assign(safeNextPath(props.next));
    setFinishing(false);
    setError(res.error?.message ?? t('error.internal'));
  }

  return (
    <div className="stack center">
      <QrPanel purpose="login" simulator={props.simulator} onUpdate={onUpdate} />
      {finishing && <p className="notice">{t('login.finishing')}</p>}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
