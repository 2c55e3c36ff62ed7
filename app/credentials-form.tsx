'use client';
import { useState, type FormEvent } from 'react';
import { safeNextPath } from '@/lib/http/safe-next';
import { useT } from './i18n-provider';

type Field = 'email' | 'password';

/** Email + password form used by /login, /register and /bind-account. */
export function CredentialsForm(props: { endpoint: string; submitLabel: string; next?: string | null; extra?: Record<string, string>; newPassword?: boolean }) {
  const t = useT();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<Field | 'form', string>>>({});

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    try {
      const res = await fetch(props.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password, ...props.extra }),
      });
      if (res.ok) {
        window.location.assign(safeNextPath(props.next));
        return;
      }
      const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string; field?: string } } | null;
      const message = body?.error?.message ?? t('error.internal');
      const field = body?.error?.field as Field | undefined;
      setErrors(field === 'email' || field === 'password' ? { [field]: message } : { form: message });
    } catch {
      setErrors({ form: t('error.internal') });
    }
    setBusy(false);
  }

  return (
    <form className="form" onSubmit={submit} noValidate>
      <label htmlFor="email">{t('field.email')}</label>
      <input
        id="email"
        name="email"
        type="email"
        autoComplete="email"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        aria-invalid={errors.email ? true : undefined}
        aria-describedby={errors.email ? 'email-error' : undefined}
        required
      />
      {errors.email && <p className="field-error" id="email-error" role="alert">{errors.email}</p>}
      <label htmlFor="password">{t('field.password')}</label>
      <input
        id="password"
        name="password"
        type="password"
        autoComplete={props.newPassword ? 'new-password' : 'current-password'}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        aria-invalid={errors.password ? true : undefined}
        aria-describedby={errors.password ? 'password-error' : props.newPassword ? 'password-hint' : undefined}
        required
      />
      {props.newPassword && !errors.password && <p className="hint" id="password-hint">{t('field.passwordHint')}</p>}
      {errors.password && <p className="field-error" id="password-error" role="alert">{errors.password}</p>}
      {errors.form && <p className="form-error" role="alert" data-testid="form-error">{errors.form}</p>}
      <button className="button primary wide" type="submit" disabled={busy}>
        {busy ? t('form.submitting') : props.submitLabel}
      </button>
    </form>
  );
}
