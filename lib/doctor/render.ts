import { type Locale, t } from '../i18n';
import type { CheckResult } from './checks';

/** The doctor's report as text: one line per check (state, name, what was found), its fix indented under it. */
export function renderDoctorReport(results: CheckResult[], locale: Locale): string {
  const name = (r: CheckResult) => t(locale, `doctor.check.${r.id}`);
  const width = Math.max(...results.map((r) => name(r).length)) + 2;
  const lines: string[] = [];
  for (const r of results) {
    const state = t(locale, `doctor.state.${r.state}`).padEnd(5);
    lines.push(`${state} ${name(r).padEnd(width)}${t(locale, r.message, r.params)}`);
    if (r.state === 'fail' && r.fix)
      lines.push(`${' '.repeat(6)}→ ${t(locale, 'admin.health.fix')}${t(locale, r.fix, r.params)}`);
  }
  const count = (s: CheckResult['state']) => results.filter((r) => r.state === s).length;
  lines.push('', t(locale, 'doctor.summary', { passed: count('pass'), failed: count('fail'), skipped: count('skip') }));
  return `${lines.join('\n')}\n`;
}
