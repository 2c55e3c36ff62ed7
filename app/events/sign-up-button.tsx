'use client';
import { useState } from 'react';
import { callApi } from '../form';
import { useT } from '../i18n-provider';

/** One tap: signs up as the WeChat link's follower (`link`) or as the signed-in user. */
export function SignUpButton({
  eventId,
  link,
  done,
}: {
  eventId: number;
  link: { openid: string; timestamp: string; signature: string } | null;
  done: boolean;
}) {
  const t = useT();
  const [signedUp, setSignedUp] = useState(done);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function signUp() {
    setBusy(true);
    setError(null);
    const res = await callApi(`/api/events/${eventId}/signup`, { body: link ?? {} });
    setBusy(false);
    if (!res.ok) return setError(res.error?.message ?? t('error.internal'));
    setSignedUp(true);
  }
  if (signedUp)
    return (
      <p className="notice success" role="status" data-testid={`signed-up-${eventId}`}>
        {t('events.signedUpDone')}
      </p>
    );
  return (
    <>
      <button
        type="button"
        className="button primary"
        onClick={signUp}
        disabled={busy}
        data-testid={`sign-up-${eventId}`}
      >
        {t('events.signup')}
      </button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
