'use client';
import { useState } from 'react';
import { safeNextPath } from '@/lib/http/safe-next';
import type { ScanUpdate } from '@/lib/realtime/events';
import { callApi } from '../form';
import { useT } from '../i18n-provider';
import { QrPanel, type QrSetting, qrSettingOf } from '../scan/qr-panel';
import { useNarrow } from '../scan/use-narrow';
import { announceLogin, useLoggedInElsewhere } from './login-broadcast';

/**
 * The login QR: on `login_ready` this browser (holding the key cookie) finishes the login itself. On a
 * phone-sized screen the QR waits behind "Scan from another device" (nobody can scan their own screen),
 * and when another tab of this browser logs in, this one says so instead of showing a QR.
 */
export function LoginQr(props: QrSetting & { next: string | null }) {
  const t = useT();
  const [error, setError] = useState<string | null>(null);
  const [finishing, setFinishing] = useState(false);
  const [opened, setOpened] = useState(false);
  const narrow = useNarrow();
  const elsewhere = useLoggedInElsewhere();
  const next = safeNextPath(props.next);

  async function onUpdate(update: ScanUpdate) {
    if (update.status === 'needs_binding') {
      const params = new URLSearchParams({ scene: update.sceneId });
      if (props.next) params.set('next', props.next);
      window.location.assign(`/bind-account?${params}`);
    }
    if (update.status !== 'login_ready' || finishing) return;
    setFinishing(true);
    const res = await callApi('/api/auth/wechat', { body: { sceneId: update.sceneId } });
    if (res.ok) {
      announceLogin();
      return window.location.assign(next);
    }
    setFinishing(false);
    setError(res.error?.message ?? t('error.internal'));
  }

  if (elsewhere && !finishing) {
    return (
      <div className="stack center elsewhere" data-testid="login-elsewhere" role="status">
        <div className="qr-icon tone-success" aria-hidden="true">
          ✓
        </div>
        <p className="scan-status tone-success">{t('login.elsewhere')}</p>
        <a className="button primary" href={next} data-testid="login-elsewhere-continue">
          {t('login.elsewhereContinue')}
        </a>
      </div>
    );
  }

  if (narrow === null) return <div className="qr-pending" aria-hidden="true" />;
  // A phone outside WeChat gets its keyword code straight away (issue 15); other narrow screens ask first.
  if (narrow && !opened && !props.keywordFirst) {
    return (
      <div className="stack center">
        <button type="button" className="button" onClick={() => setOpened(true)} data-testid="show-login-qr">
          {t('login.scanOtherDevice')}
        </button>
      </div>
    );
  }

  return (
    <div className="stack center">
      <QrPanel purpose="login" onUpdate={onUpdate} {...qrSettingOf(props)} />
      {finishing && <p className="notice">{t('login.finishing')}</p>}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
