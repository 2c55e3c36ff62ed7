'use client';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import type { ScanUpdate } from '@/lib/realtime/events';
import { useT } from '../i18n-provider';
import { callApi, EmailField, errorsOf, FormField, FormSubmit } from '../form';
import { QrPanel } from '../scan/qr-panel';

type Target = { sceneId: string } | { email: string };
type Step = { kind: 'start' } | { kind: 'code'; target: Target; message: string } | { kind: 'done'; account: string };
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
      setStep({
        kind: 'code',
        target: { sceneId: update.sceneId },
        message: t('forgot.codeSentScan'),
      });
    } else if (update.status === 'needs_binding') {
      setScanHint(t('forgot.notBound'));
    } else if (update.status === 'pending') {
      setScanHint(null); // a fresh QR
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
        <div className="forgot-done-mark" aria-hidden="true">
          ✓
        </div>
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
          <p className="forgot-hint" data-testid="forgot-hint">
            {scanHint}
          </p>
        )}
      </div>
      <div className="forgot-divider" aria-hidden="true">
        <span>{t('forgot.or')}</span>
      </div>
      <div className="forgot-side">
        {step.kind === 'code' ? (
          <>
            <p
              className={viaScan ? 'notice' : 'forgot-neutral'}
              data-testid="forgot-message"
              role="status"
              aria-live="polite"
            >
              {step.message}
            </p>
            <ResetForm target={step.target} onDone={(account) => setStep({ kind: 'done', account })} />
            <button
              type="button"
              className="link-button forgot-again"
              onClick={startOver}
              data-testid="forgot-start-over"
            >
              {t('forgot.startOver')}
            </button>
          </>
        ) : (
          <EmailForm
            onAccepted={(email) => setStep({ kind: 'code', target: { email }, message: t('forgot.emailAccepted') })}
          />
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
  const [errors, setErrors] = useState<Partial<Record<'email' | 'form', string>>>({});

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    const res = await callApi('/api/auth/password-reset/request', { body: { email } });
    setBusy(false);
    if (res.ok) return props.onAccepted(email);
    setErrors(errorsOf(res.error, ['email'] as const, t('error.internal')));
  }

  return (
    <form className="form" onSubmit={submit} noValidate data-testid="forgot-email-form">
      <h2>{t('forgot.emailTitle')}</h2>
      <p className="hint">{t('forgot.emailLead')}</p>
      <EmailField id="forgot-email" value={email} onChange={setEmail} error={errors.email} />
      <FormSubmit error={errors.form} busy={busy} label={t('forgot.emailSubmit')} />
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
    const res = await callApi<{ account?: string }>('/api/auth/password-reset', {
      body: { ...props.target, code, password },
    });
    if (res.ok) return props.onDone(res.body?.account ?? '');
    setBusy(false);
    setErrors(errorsOf(res.error, ['code', 'password'] as const, t('error.internal')));
  }

  return (
    <form className="form" onSubmit={submit} noValidate data-testid="reset-form">
      <h2>{t('forgot.resetTitle')}</h2>
      <FormField
        id="reset-code"
        name="code"
        className="code-input"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={7}
        label={t('forgot.code')}
        value={code}
        onChange={(e) => setCode(e.target.value)}
        error={errors.code}
        hint={t('forgot.codeHint')}
      />
      <FormField
        id="reset-password"
        name="password"
        type="password"
        autoComplete="new-password"
        label={t('forgot.newPassword')}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.password}
        hint={t('field.passwordHint')}
      />
      <FormSubmit error={errors.form} busy={busy} label={t('forgot.submit')} />
    </form>
  );
}
