'use client';
import { useState } from 'react';
import { CredentialsForm } from './credentials-form';
import { useT } from './i18n-provider';

/** Log in or register, in one step, ending bound to the WeChat the server holds (scene or signed link). */
export function BindForms(props: { endpoint: string; extra: Record<string, string>; next?: string | null }) {
  const t = useT();
  const [mode, setMode] = useState<'login' | 'register'>('login');
  return (
    <div>
      <div className="tabs" role="tablist">
        {(['login', 'register'] as const).map((m) => (
          <button
            key={m}
            type="button"
            role="tab"
            aria-selected={mode === m}
            className={`tab${mode === m ? ' active' : ''}`}
            onClick={() => setMode(m)}
            data-testid={`bind-tab-${m}`}
          >
            {t(m === 'login' ? 'bindAccount.loginTab' : 'bindAccount.registerTab')}
          </button>
        ))}
      </div>
      <CredentialsForm
        key={mode}
        endpoint={props.endpoint}
        submitLabel={t(mode === 'login' ? 'bindAccount.loginSubmit' : 'bindAccount.registerSubmit')}
        next={props.next}
        extra={{ ...props.extra, mode }}
        newPassword={mode === 'register'}
      />
    </div>
  );
}
