'use client';
import QRCode from 'qrcode';
import { useEffect, useRef, useState } from 'react';
import { callApi } from '../../../../form';
import { useT } from '../../../../i18n-provider';
import { usePageVisible } from '../../../../scan/use-page-visible';

const RENEW_EARLY_MS = 2000;
const RETRY_FIRST_MS = 5000;
const RETRY_MAX_MS = 60_000;

/** The door screen: a fresh `checkin` QR every minute (the old one stops working), with its countdown. */
export function CheckinScreen({ eventId }: { eventId: number }) {
  const t = useT();
  const [qr, setQr] = useState<{ svg: string; content: string; expiresAt: number } | null>(null);
  const [left, setLeft] = useState(0);
  const [error, setError] = useState<string | null>(null);
  // Each QR spends a call of the daily qrcode/create quota and of WeBind's hourly budget (lib/scene/qr-budget):
  // none while the screen is hidden, the one still showing reused when it comes back, and failures retried
  // less and less often (5 s doubling to a minute) instead of every few seconds.
  const visible = usePageVisible();
  const shown = useRef<{ expiresAt: number } | null>(null);
  useEffect(() => {
    if (!visible) return;
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let retryMs = RETRY_FIRST_MS;
    // A little before it expires, so the screen never shows a dead QR.
    const renewAt = (expiresAt: number) => Math.max(1000, expiresAt - Date.now() - RENEW_EARLY_MS);
    async function next() {
      const res = await callApi<{ qrContent: string; expiresInMs: number }>(`/api/admin/events/${eventId}/checkin-qr`);
      if (stop) return;
      if (!res.ok) {
        setError(res.error?.message ?? t('error.internal'));
        timer = setTimeout(next, retryMs);
        retryMs = Math.min(RETRY_MAX_MS, retryMs * 2);
        return;
      }
      retryMs = RETRY_FIRST_MS;
      setError(null);
      // Timed by this screen's own clock from the lifetime the server gives: a tablet whose clock is off
      // must not renew early (each renewal spends a QR) nor show a dead QR.
      const expiresAt = Date.now() + res.body.expiresInMs;
      const svg = await QRCode.toString(res.body.qrContent, { type: 'svg', margin: 1 });
      if (stop) return;
      shown.current = { expiresAt };
      setQr({ svg, content: res.body.qrContent, expiresAt });
      timer = setTimeout(next, renewAt(expiresAt));
    }
    const current = shown.current;
    if (current && renewAt(current.expiresAt) > 1000) timer = setTimeout(next, renewAt(current.expiresAt));
    else next();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [eventId, t, visible]);
  useEffect(() => {
    const tick = setInterval(() => setLeft(qr ? Math.max(0, Math.ceil((qr.expiresAt - Date.now()) / 1000)) : 0), 250);
    return () => clearInterval(tick);
  }, [qr]);
  return (
    <div className="stack checkin-screen">
      {qr && (
        <div
          className="qr"
          data-testid="checkin-qr"
          data-qr-content={qr.content}
          style={{ width: 320, height: 320 }}
          // biome-ignore lint/security/noDangerouslySetInnerHtml: the SVG is made here by the qrcode library from our own QR URL
          dangerouslySetInnerHTML={{ __html: qr.svg }}
        />
      )}
      <p className="lead">{t('events.checkin.scanHint')}</p>
      <p className="hint" aria-live="polite">
        0:{String(left).padStart(2, '0')}
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** Staff's fallback: check someone in by e-mail. */
export function CheckInByEmailForm({ eventId }: { eventId: number }) {
  const t = useT();
  const [email, setEmail] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const res = await callApi<{ state: 'checked_in' | 'already'; arrival: number }>(
      `/api/admin/events/${eventId}/checkin`,
      { body: { email } },
    );
    if (!res.ok) return setMessage({ ok: false, text: res.error?.message ?? t('error.internal') });
    setMessage({
      ok: true,
      text: t(res.body.state === 'checked_in' ? 'events.checkin.done' : 'events.checkin.wasAlready', {
        n: res.body.arrival,
      }),
    });
    setEmail('');
  }
  return (
    <form className="form" onSubmit={submit}>
      <h2>{t('events.checkin.byEmail')}</h2>
      <label htmlFor="checkin-email">{t('events.email')}</label>
      <input id="checkin-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
      {message && (
        <p className={message.ok ? 'notice' : 'form-error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      <button type="submit" className="button primary">
        {t('events.checkin.byEmail')}
      </button>
    </form>
  );
}
