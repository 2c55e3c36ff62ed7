'use client';
import type { InputHTMLAttributes } from 'react';
import { useT } from './i18n-provider';

export type ApiError = { code: string; message: string; field?: string };
export type ApiResult<T = unknown> =
  | { ok: true; status: number; body: T; headers: Headers }
  | { ok: false; status: number; error: ApiError | null; headers?: Headers };

/** A JSON request to our API: the body on success, the SPEC error (`{ code, message, field? }`) otherwise. */
export async function callApi<T = unknown>(
  url: string,
  opts: { method?: string; body?: unknown } = {},
): Promise<ApiResult<T>> {
  try {
    const res = await fetch(url, {
      method: opts.method ?? 'POST',
      headers: opts.body === undefined ? undefined : { 'content-type': 'application/json' },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    const json = await res.json().catch(() => null);
    return res.ok
      ? { ok: true, status: res.status, body: json as T, headers: res.headers }
      : { ok: false, status: res.status, error: json?.error ?? null, headers: res.headers };
  } catch {
    return { ok: false, status: 0, error: null };
  }
}

/** Splits an API error into the field it names (shown under that field) or the whole form. */
export function errorsOf<F extends string>(
  error: ApiError | null,
  fields: readonly F[],
  fallback: string,
): Partial<Record<F | 'form', string>> {
  const message = error?.message ?? fallback;
  const field = error?.field as F | undefined;
  return (field && fields.includes(field) ? { [field]: message } : { form: message }) as Partial<
    Record<F | 'form', string>
  >;
}

/** A labelled input with its inline error (or hint), wired for screen readers. */
export function FormField({
  id,
  label,
  error,
  hint,
  ...input
}: { id: string; label: string; error?: string; hint?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const note = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={note} required {...input} />
      {error ? (
        <p className="field-error" id={note} role="alert">
          {error}
        </p>
      ) : (
        hint && (
          <p className="hint" id={note}>
            {hint}
          </p>
        )
      )}
    </>
  );
}

export function FormError({ message }: { message?: string }) {
  return message ? (
    <p className="form-error" role="alert" data-testid="form-error">
      {message}
    </p>
  ) : null;
}

/** The email input of a form (email + browser autofill), with its inline error. */
export function EmailField(props: { id: string; value: string; onChange: (value: string) => void; error?: string }) {
  const t = useT();
  return (
    <FormField
      id={props.id}
      name="email"
      type="email"
      autoComplete="email"
      label={t('field.email')}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
      error={props.error}
    />
  );
}

/** A form's whole-form error and its wide submit button, which says "submitting" while busy. */
export function FormSubmit(props: { error?: string; busy: boolean; label: string }) {
  const t = useT();
  return (
    <>
      <FormError message={props.error} />
      <button className="button primary wide" type="submit" disabled={props.busy}>
        {props.busy ? t('form.submitting') : props.label}
      </button>
    </>
  );
}
