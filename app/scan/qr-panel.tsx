'use client';
import QRCode from 'qrcode';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ScanPurpose, ScanUpdate } from '@/lib/realtime/events';
import { isFinal } from '@/lib/scene/status';
import { callApi } from '../form';
import { useT } from '../i18n-provider';
import { useScan } from './use-scan';

interface CreatedScan {
  sceneId: string;
  qrContent: string;
  expiresAt: number;
  watchToken: string;
  /** When this browser received it, and when it expires by this browser's clock (which may be off). */
  receivedAt: number;
  deadline: number;
}

/**
 * The QR hero of a page: creates a scene for `purpose`, draws its QR as SVG, counts down, replaces an
 * expired QR with a fresh one by itself, and shows each status as it is pushed.
 */
export function QrPanel(props: { purpose: ScanPurpose; simulator: boolean; onUpdate?: (u: ScanUpdate) => void }) {
  const t = useT();
  const [scan, setScan] = useState<CreatedScan | null>(null);
  const [svg, setSvg] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [refreshing, setRefreshing] = useState(false);
  const { update, connection, watchError } = useScan(scan);
  const onUpdate = useRef(props.onUpdate);
  onUpdate.current = props.onUpdate;

  const start = useCallback(async () => {
    setRefreshing(true);
    setError(null);
    try {
      const res = await callApi<Omit<CreatedScan, 'receivedAt' | 'deadline'>>('/api/scan', {
        body: { purpose: props.purpose },
      });
      if (!res.ok) throw new Error(res.error?.message ?? t('error.internal'));
      const body = res.body;
      setSvg(await QRCode.toString(body.qrContent, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }));
      // Count down by the server's lifetime, not its absolute expiry: the user's clock may be minutes off.
      // The Date header has whole seconds: the server's clock is half a second later on average.
      const serverNow = Date.parse(res.headers.get('date') ?? '') + 500;
      const lifetime = body.expiresAt - (Number.isNaN(serverNow) ? Date.now() : serverNow);
      setScan({ ...body, receivedAt: Date.now(), deadline: Date.now() + lifetime });
    } catch (err) {
      setError(err instanceof Error ? err.message : t('error.internal'));
    } finally {
      setRefreshing(false);
    }
  }, [props.purpose]);

  useEffect(() => {
    void start();
  }, [start]);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    if (update) onUpdate.current?.(update);
  }, [update]);

  const status = update?.status ?? 'pending';
  const final = isFinal(status);
  const remaining = scan ? Math.max(0, Math.floor((scan.deadline - now) / 1000)) : 0;
  const expired = !!scan && !final && (remaining === 0 || status === 'expired');

  // An expired QR greys out and a fresh one takes its place, without a click.
  useEffect(() => {
    if (expired && !refreshing && !error) void start();
  }, [expired, refreshing, error, start]);

  const lifetime = scan ? Math.max(1, (scan.deadline - scan.receivedAt) / 1000) : 1;
  const statusText = error
    ? error
    : watchError
      ? watchError
      : connection === 'offline'
        ? t('scan.status.offline')
        : expired
          ? t('qr.refreshing')
          : status === 'conflict' && update?.reason
            ? `${t('scan.status.conflict')}：${t(`scan.conflict.${update.reason}`)}`
            : t(`scan.status.${status}`);
  const tone =
    error || status === 'conflict'
      ? 'error'
      : final
        ? status === 'cancelled' || status === 'needs_binding'
          ? 'info'
          : 'success'
        : 'waiting';

  return (
    <div className={`qr-panel tone-${tone}`} data-status={error ? 'error' : status} data-connection={connection}>
      <div className={`qr-frame${expired || refreshing || final ? ' qr-dim' : ''}`}>
        {scan && svg ? (
          <div
            className="qr-image"
            data-testid="scan-qr"
            data-qr-content={scan.qrContent}
            role="img"
            aria-label={t('qr.alt')}
            dangerouslySetInnerHTML={{ __html: svg }}
          />
        ) : (
          <div className="qr-image qr-placeholder" aria-hidden="true" />
        )}
        {final && (
          <div className={`qr-overlay tone-${tone}`} aria-hidden="true">
            {status === 'conflict' ? '!' : status === 'cancelled' ? '×' : '✓'}
          </div>
        )}
      </div>
      <p className="qr-instruction">{t('qr.instruction')}</p>
      {scan && !final && (
        <div className="countdown" aria-hidden={expired}>
          <div className="countdown-bar" style={{ width: `${Math.min(100, (remaining / lifetime) * 100)}%` }} />
          <span>{t('qr.expiresIn', { seconds: remaining })}</span>
        </div>
      )}
      <p className={`scan-status tone-${tone}`} data-testid="scan-status" aria-live="polite" role="status">
        {statusText}
      </p>
      {(error || status === 'conflict' || status === 'cancelled') && (
        <button type="button" className="button" onClick={() => void start()} data-testid="scan-retry">
          {t('qr.retry')}
        </button>
      )}
      {props.simulator && scan && !final && (
        <a
          className="sim-link"
          href={`/dev/wechat?qr=${encodeURIComponent(scan.qrContent)}`}
          target="_blank"
          rel="noopener"
          data-testid="open-simulator"
        >
          {t('qr.openSimulator')} ↗
        </a>
      )}
    </div>
  );
}
