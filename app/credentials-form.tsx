'use client';
import { useState, type FormEvent } from 'react';
import { safeNextPath } from '@/lib/http/safe-next';
import { callApi, EmailField, errorsOf, FormField, FormSubmit } from './form';
import { useT } from './i18n-provider';
import { announceLogin } from './login/login-broadcast';

const FIELDS = ['email', 'password'] as const;

/** Email + password form used by /login, /register, /bind-account and the signed-link page. */
export function CredentialsForm(props: {
  endpoint: string;
  submitLabel: string;
  next?: string | null;
  extra?: Record<string, string>;
  newPassword?: boolean;
}) {
  const t = useT();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<(typeof FIELDS)[number] | 'form', string>>>({});

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    const res = await callApi(props.endpoint, { body: { email, password, ...props.extra } });
    if (res.ok) {
      announceLogin();
      return window.location.assign(safeNextPath(props.next));
    }
    setErrors(errorsOf(res.error, FIELDS, t('error.internal')));
    setBusy(false);
  }

  return (
    <form className="form" onSubmit={submit} noValidate>
      <EmailField id="email" value={email} onChange={setEmail} error={errors.email} />
      <FormField
        id="password"
        name="password"
        type="password"
        autoComplete={props.newPassword ? 'new-password' : 'current-password'}
        label={t('field.password')}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.password}
        hint={props.newPassword ? t('field.passwordHint') : undefined}
      />
      <FormSubmit error={errors.form} busy={busy} label={props.submitLabel} />
    </form>
  );
}
