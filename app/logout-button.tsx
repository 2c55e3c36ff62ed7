'use client';
import { useState } from 'react';
import { callApi } from './form';
import { useT } from './i18n-provider';

export function LogoutButton() {
  const t = useT();
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="link-button"
      data-testid="logout"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        await callApi('/api/auth/logout');
        window.location.assign('/login');
      }}
    >
      {t('nav.logout')}
    </button>
  );
}
