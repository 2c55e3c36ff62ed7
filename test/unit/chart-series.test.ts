import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { t } from '../../lib/i18n';
import { CHARTS } from '../../lib/metrics/series';
import { SCENE_PURPOSES } from '../../lib/scene/status';

const chart = (id: string) => {
  const found = CHARTS.find((c) => c.id === id);
  assert.ok(found, id);
  return found;
};

describe('admin console charts', () => {
  it('charts the scans of every scene purpose, each labelled in both languages', () => {
    const scans = chart('scans');
    assert.deepEqual(
      scans.series.map((s) => s.key),
      SCENE_PURPOSES.map((p) => `scans_${p}`),
    );
    for (const s of scans.series)
      for (const locale of ['zh', 'en'] as const)
        assert.notEqual(t(locale, s.label), s.label, `${s.label} (${locale})`);
  });

  it('keeps each chart, its title, its series and the WeChat limit line', () => {
    assert.deepEqual(
      CHARTS.map((c) => [c.id, c.title, c.unit]),
      [
        ['scans', 'admin.chart.scans', 'count'],
        ['outcomes', 'admin.chart.outcomes', 'count'],
        ['push', 'admin.chart.push', 'ms'],
        ['webhook', 'admin.chart.webhook', 'ms'],
        ['sockets', 'admin.chart.sockets', 'count'],
      ],
    );
    assert.deepEqual(chart('webhook').series, [
      { key: 'webhook_p50', label: 'p50', color: '#0B63C5' },
      { key: 'webhook_p99', label: 'p99', color: '#8A4B00' },
      { key: 'webhook_max', label: 'max', color: '#6E40C9' },
    ]);
    assert.deepEqual(chart('webhook').limit, { value: 5000, label: 'admin.series.wechatLimit' });
    assert.equal(chart('push').limit, undefined);
    assert.deepEqual(
      chart('outcomes').series.map((s) => s.key),
      ['binds', 'logins', 'conflicts'],
    );
    assert.equal(new Set(chart('scans').series.map((s) => s.color)).size, SCENE_PURPOSES.length, 'a colour each');
  });
});
