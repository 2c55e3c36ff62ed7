'use client';
import { useState } from 'react';
import type { CheckResult } from '@/lib/doctor/checks';
import { callApi } from '../../form';
import { useT } from '../../i18n-provider';
import { Card } from '../card';

/** The setup doctor on demand (each run creates one 60-second QR, so it is not run on page load). */
export function DoctorPanel() {
  const t = useT();
  const [results, setResults] = useState<CheckResult[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run() {
    setBusy(true);
    setError(null);
    const res = await callApi<{ results: CheckResult[] }>('/api/admin/doctor', { method: 'POST' });
    setBusy(false);
    if (res.ok) setResults(res.body.results);
    else setError(res.error?.message ?? t('error.internal'));
  }

  return (
    <Card id="doctor" title={t('admin.health.doctor')} stack>
      <p className="hint">{t('admin.health.doctorLead')}</p>
      <div>
        <button type="button" className="button primary" onClick={run} disabled={busy}>
          {busy ? t('admin.health.running') : t('admin.health.run')}
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {results && (
        <ul className="card-list" aria-live="polite" data-testid="doctor-results">
          {results.map((r) => (
            <li key={r.id} className={`check check-${r.state}`} data-check={r.id} data-state={r.state}>
              <span className="check-state">{t(`doctor.state.${r.state}`)}</span>
              <span className="check-name">{t(`doctor.check.${r.id}`)}</span>
              <span className="check-message">{t(r.message, r.params)}</span>
              {r.state === 'fail' && r.fix && (
                <span className="check-fix">
                  {t('admin.health.fix')}
                  {t(r.fix, r.params)}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
