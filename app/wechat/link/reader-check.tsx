'use client';
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import type { BindLinkParams } from '@/lib/auth/bind-link';
import { callApi } from '../../form';
import { useT } from '../../i18n-provider';
import { KeywordCode } from '../../scan/keyword-code';
import { useScan } from '../../scan/use-scan';

interface Check {
  sceneId: string;
  expiresAt: number;
  watchToken: string;
  keywordCode: string;
  accountName: string;
  /** When it expires by this browser's clock (which may be off the server's). */
  deadline: number;
}

/**
 * A signed link opened outside WeChat: the reader sends the shown keyword code to the account from the
 * link's WeChat. The page learns the outcome over Socket.IO (no polling): from the link's own WeChat this
 * browser takes its reader proof and the page reloads with the bind forms; from another WeChat it is refused.
 */
export function LinkReaderCheck({ link, children }: { link: BindLinkParams; children?: ReactNode }) {
  const t = useT();
  const [check, setCheck] = useState<Check | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [expired, setExpired] = useState(false);
  const [proving, setProving] = useState(false);
  const busy = useRef(false);
  const { update, connection } = useScan(check);

  const start = useCallback(async () => {
    if (busy.current) return;
    busy.current = true;
    setError(null);
    setExpired(false);
    try {
      const res = await callApi<Omit<Check, 'deadline'>>('/api/auth/link-reader', { body: link });
      if (!res.ok) return setError(res.error?.message ?? t('error.internal'));
      const serverNow = Date.parse(res.headers.get('date') ?? '') + 500;
      const lifetime = res.body.expiresAt - (Number.isNaN(serverNow) ? Date.now() : serverNow);
      setCheck({ ...res.body, deadline: Date.now() + lifetime });
    } finally {
      busy.current = false;
    }
  }, [link, t]);

  useEffect(() => {
    void start();
  }, [start]);

  useEffect(() => {
    if (!check) return;
    const timer = setInterval(() => setExpired(Date.now() >= check.deadline), 1000);
    return () => clearInterval(timer);
  }, [check]);

  const status = update?.status ?? 'pending';
  useEffect(() => {
    if (status !== 'login_ready' || !check || proving) return;
    setProving(true);
    void callApi('/api/auth/link-reader/confirm', { body: { sceneId: check.sceneId } }).then((res) => {
      if (res.ok) return window.location.reload();
      setProving(false);
      setError(res.error?.message ?? t('error.internal'));
    });
  }, [status, check, proving, t]);

  const refused = status === 'conflict';
  const over = !refused && status !== 'login_ready' && (expired || status === 'expired');
  const message = error
    ? error
    : refused
      ? t('linkReader.refused')
      : status === 'login_ready'
        ? t('linkReader.proved')
        : over
          ? t('linkReader.expired')
          : connection === 'offline'
            ? t('linkReader.offline')
            : t('linkReader.waiting');
  const bad = !!error || refused;

  return (
    <div className="stack center" data-testid="link-reader" data-status={error ? 'error' : status}>
      <h2>{t('linkReader.title')}</h2>
      <p className="lead">{t('linkReader.lead')}</p>
      {check && !refused && !over && status === 'pending' && (
        <KeywordCode code={check.keywordCode} accountName={check.accountName} hero copy />
      )}
      <p
        className={bad ? 'form-error' : 'scan-status'}
        role={bad ? 'alert' : 'status'}
        aria-live="polite"
        data-testid="link-reader-status"
      >
        {message}
      </p>
      {(over || (error && !refused)) && (
        <button type="button" className="button primary" onClick={() => void start()} data-testid="link-reader-retry">
          {t('linkReader.retry')}
        </button>
      )}
      {!refused && children}
    </div>
  );
}
