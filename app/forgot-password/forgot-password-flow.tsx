'use client';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import type { ScanUpdate } from '@/lib/realtime/events';
import { useT } from '../i18n-provider';
import { QrPanel } from '../scan/qr-panel';

type Target = { sceneId: string } | { email: string };
type Step = { kind: 'start' } | { kind: 'code'; target: Target; message: string } | { kind: 'done'; account: string };
type ApiError = { code: string; message: string; field?: string };

async function post(url: string, body: unknown): Promise<{ ok: true; body: any } | { ok: false; error: ApiError | null }> {
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = await res.json().catch(() => null);
    return res.ok ? { ok: true, body: json } : { ok: false, error: json?.error ?? null };
  } catch {
    return { ok: false, error: null };
  }
}

/**
 * Forgot password: a `verify` QR (the code comes to the scanning WeChat) next to an email form (the
 * code goes to the WeChat bound to that email); either leads to the code + new password form. The QR
 * stays usable after an email request, so a code that never arrives has a way out.
 */
export function ForgotPasswordFlow(props: { simulator: boolean }) {
  const t = useT();
  const [step, setStep] = useState<Step>({ kind: 'start' });
  const [qrKey, setQrKey] = useState(0);
  const [scanHint, setScanHint] = useState<string | null>(null);

  function onScan(update: ScanUpdate) {
    if (update.status === 'code_sent') {
      setScanHint(null);
      setStep({ kind: 'code', target: { sceneId: update.sceneId }, message: t('forgot.codeSentTo', { account: update.account ?? '' }) });
    } else if (update.status === 'needs_binding') {
      setScanHint(t('forgot.notBound'));
    }
  }

  function startOver() {
    setStep({ kind: 'start' });
    setScanHint(null);
    setQrKey((k) => k + 1);
  }

  if (step.kind === 'done') {
    return (
      <div className="forgot-done" data-testid="reset-done" role="status" aria-live="polite">
        <div className="forgot-done-mark" aria-hidden="true">✓</div>
        <h2>{t('forgot.done.title')}</h2>
        <p>{t('forgot.done.lead', { account: step.account })}</p>
        <a className="button primary" href="/login">
          {t('forgot.done.login')}
        </a>
      </div>
    );
  }

  const viaScan = step.kind === 'code' && 'sceneId' in step.target;
  return (
    <div className="forgot-grid">
      <div className="forgot-scan">
        <h2>{t('forgot.scanTitle')}</h2>
        <p className="hint">{t('forgot.scanLead')}</p>
        <QrPanel key={qrKey} purpose="verify" simulator={props.simulator} onUpdate={onScan} />
        {scanHint && (
          <div className="forgot-hint" role="status">
            <p>{scanHint}</p>
            <button type="button" className="button" onClick={() => setQrKey((k) => k + 1)} data-testid="forgot-rescan">
              {t('qr.retry')}
            </button>
          </div>
        )}
      </div>
      <div className="forgot-divider" aria-hidden="true">
        <span>{t('forgot.or')}</span>
      </div>
      <div className="forgot-side">
        {step.kind === 'code' ? (
          <>
            <p className={viaScan ? 'notice' : 'forgot-neutral'} data-testid="forgot-message" role="status" aria-live="polite">
              {step.message}
            </p>
            <ResetForm target={step.target} onDone={(account) => setStep({ kind: 'done', account })} />
            <button type="button" className="link-button forgot-again" onClick={startOver} data-testid="forgot-start-over">
              {t('forgot.startOver')}
            </button>
          </>
        ) : (
          <EmailForm onAccepted={(email) => setStep({ kind: 'code', target: { email }, message: t('forgot.emailAccepted') })} />
        )}
      </div>
      <p className="switch-link forgot-back">
        <Link href="/login">{t('forgot.backToLogin')}</Link>
      </p>
    </div>
  );
}

function EmailForm(props: { onAccepted: (email: string) => void }) {
  const t = useT();
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field: boolean; message: string } | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const res = await post('/api/auth/password-reset/request', { email });
    setBusy(false);
    if (res.ok) return props.onAccepted(email);
    setError({ field: res.error?.field === 'email', message: res.error?.message ?? t('error.internal') });
  }

  return (
    <form className="form" onSubmit={submit} noValidate data-testid="forgot-email-form">
      <h2>{t('forgot.emailTitle')}</h2>
      <p className="hint">{t('forgot.emailLead')}</p>
      <label htmlFor="forgot-email">{t('field.email')}</label>
      <input
        id="forgot-email"
        name="email"
        type="email"
        autoComplete="email"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        aria-invalid={error?.field ? true : undefined}
        aria-describedby={error?.field ? 'forgot-email-error' : undefined}
        required
      />
      {error?.field && <p className="field-error" id="forgot-email-error" role="alert">{error.message}</p>}
      {error && !error.field && <p className="form-error" role="alert" data-testid="form-error">{error.message}</p>}
      <button className="button primary wide" type="submit" disabled={busy}>
        {busy ? t('form.submitting') : t('forgot.emailSubmit')}
      </button>
    </form>
  );
}

type Field = 'code' | 'password';

function ResetForm(props: { target: Target; onDone: (account: string) => void }) {
  const t = useT();
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<Field | 'form', string>>>({});

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    const res = await post('/api/auth/password-reset', { ...props.target, code, password });
    if (res.ok) return props.onDone(res.body?.account ?? '');
    setBusy(false);
    const message = res.error?.message ?? t('error.internal');
    const field = res.error?.field;
    setErrors(field === 'code' || field === 'password' ? { [field]: message } : { form: message });
  }

  return (
    <form className="form" onSubmit={submit} noValidate data-testid="reset-form">
      <h2>{t('forgot.resetTitle')}</h2>
      <label htmlFor="reset-code">{t('forgot.code')}</label>
      <input
        id="reset-code"
        name="code"
        className="code-input"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={7}
        value={code}
        onChange={(e) => setCode(e.target.value)}
        aria-invalid={errors.code ? true : undefined}
        aria-describedby={errors.code ? 'reset-code-error' : 'reset-code-hint'}
        required
      />
      {errors.code ? (
        <p className="field-error" id="reset-code-error" role="alert">{errors.code}</p>
      ) : (
        <p className="hint" id="reset-code-hint">{t('forgot.codeHint')}</p>
      )}
      <label htmlFor="reset-password">{t('forgot.newPassword')}</label>
      <input
        id="reset-password"
        name="password"
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        aria-invalid={errors.password ? true : undefined}
        aria-describedby={errors.password ? 'reset-password-error' : 'reset-password-hint'}
        required
      />
      {errors.password ? (
        <p className="field-error" id="reset-password-error" role="alert">{errors.password}</p>
      ) : (
        <p className="hint" id="reset-password-hint">{t('field.passwordHint')}</p>
      )}
      {errors.form && <p className="form-error" role="alert" data-testid="form-error">{errors.form}</p>}
      <button className="button primary wide" type="submit" disabled={busy}>
        {busy ? t('form.submitting') : t('forgot.submit')}
      </button>
    </form>
  );
}
