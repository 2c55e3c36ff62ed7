'use client';
import QRCode from 'qrcode';
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import type { ScanPurpose, ScanUpdate } from '@/lib/realtime/events';
import { callApi } from '../form';
import { useT } from '../i18n-provider';
import type { FollowQr } from '@/lib/scan/follow-qr';
import { FollowAccount } from './follow-account';
import { KeywordCode } from './keyword-code';
import { AUTO_REFRESH_ROUNDS, type CardState, cardState, isFinalStatus, mmss, type Request } from './card-state';
import { usePageVisible } from './use-page-visible';
import { useScan } from './use-scan';

interface CreatedScan {
  sceneId: string;
  /** '' on a subscription account: no QR, the keyword code is the way in. */
  qrContent: string;
  expiresAt: number;
  watchToken: string;
  /** The code a user may send to the account instead of scanning (issue 14, keyword codes), when offered. */
  keywordCode?: string;
  /** The Official Account's name, for "send the code to …". */
  accountName?: string;
  /** When this browser received it, and when it expires by this browser's clock (which may be off). */
  receivedAt: number;
  deadline: number;
}

/** The last 30 s of a QR's life: the countdown turns amber. */
const LOW_SECONDS = 30;

// Drawn, not emoji: a system without an emoji font would show an empty box.
const PHONE_ICON = (
  <svg viewBox="0 0 24 24" width="40" height="40" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
    <rect x="6" y="2" width="12" height="20" rx="2" />
    <path d="M11 18h2" strokeLinecap="round" />
  </svg>
);
const CLOCK_ICON = (
  <svg viewBox="0 0 24 24" width="40" height="40" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
    <circle cx="12" cy="12" r="9" />
    <path d="M12 7v5l3 2" strokeLinecap="round" />
  </svg>
);

const ICON: Record<CardState, ReactNode> = {
  loading: '',
  waiting: '',
  confirming: PHONE_ICON,
  success: '✓',
  cancelled: '×',
  conflict: '!',
  unbound: '!',
  refreshing: '',
  expired: '↻',
  offline: '!',
  rate_limited: CLOCK_ICON,
  quota: '!',
  error: '!',
};
const TONE: Record<CardState, 'waiting' | 'success' | 'error' | 'info' | 'warn'> = {
  loading: 'waiting',
  waiting: 'waiting',
  confirming: 'info',
  success: 'success',
  cancelled: 'info',
  conflict: 'error',
  unbound: 'error',
  refreshing: 'waiting',
  expired: 'info',
  offline: 'error',
  rate_limited: 'warn',
  quota: 'error',
  error: 'error',
};

/** What the page tells its QR panels: the simulator's hints, and how a phone outside WeChat sees them. */
export interface QrSetting {
  simulator: boolean;
  /** A phone outside WeChat: the keyword code (with a copy button) leads, the QR below it. */
  keywordFirst?: boolean;
  /** With `keywordFirst`: the account's follow QR to long-press (null: none, e.g. a subscription account). */
  follow?: FollowQr | null;
}

/** The QR setting out of a component's props (which hold more). */
export const qrSettingOf = ({ simulator, keywordFirst, follow }: QrSetting): QrSetting => ({
  simulator,
  keywordFirst,
  follow,
});

/**
 * The QR hero of a page. It creates a scene for `purpose` only while the page is visible, draws its QR
 * as SVG, counts down, replaces an expired QR by itself for a few rounds (then offers a refresh button:
 * every QR spends the account's daily quota), and shows each pushed status as its own designed state.
 */
export function QrPanel(props: QrSetting & { purpose: ScanPurpose; onUpdate?: (u: ScanUpdate) => void }) {
  const t = useT();
  const visible = usePageVisible();
  const [scan, setScan] = useState<CreatedScan | null>(null);
  const [svg, setSvg] = useState('');
  const [request, setRequest] = useState<Request>({ kind: 'idle' });
  const [rounds, setRounds] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const { update, connection, watchError } = useScan(scan, props.onUpdate);
  // One request at a time: React's Strict Mode runs effects twice, and that must not create two QRs.
  const busy = useRef(false);

  const create = useCallback(
    async (why: 'first' | 'auto' | 'user') => {
      if (busy.current) return;
      busy.current = true;
      setRequest({ kind: 'creating' });
      if (why === 'user') setRounds(0);
      try {
        const res = await callApi<Omit<CreatedScan, 'receivedAt' | 'deadline'>>('/api/scan', {
          body: { purpose: props.purpose },
        });
        if (!res.ok) {
          const code = res.error?.code;
          if (code === 'qr_quota_exhausted') return setRequest({ kind: 'quota' });
          if (res.status === 429) {
            const after = Number(res.headers?.get('retry-after') ?? '60');
            return setRequest({
              kind: 'rate_limited',
              retryAt: Date.now() + (Number.isFinite(after) ? after : 60) * 1000,
            });
          }
          return setRequest({ kind: 'error', message: res.error?.message ?? t('error.internal') });
        }
        const body = res.body;
        setSvg(
          body.qrContent
            ? await QRCode.toString(body.qrContent, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
            : '',
        );
        // Count down by the server's lifetime, not its absolute expiry: the user's clock may be minutes off.
        // The Date header has whole seconds: the server's clock is half a second later on average.
        const serverNow = Date.parse(res.headers.get('date') ?? '') + 500;
        const lifetime = body.expiresAt - (Number.isNaN(serverNow) ? Date.now() : serverNow);
        const received = Date.now();
        setScan({ ...body, receivedAt: received, deadline: received + lifetime });
        setNow(received);
        if (why === 'auto') setRounds((r) => r + 1);
        setRequest({ kind: 'ready' });
      } finally {
        busy.current = false;
      }
    },
    [props.purpose, t],
  );

  // The first QR, as soon as (and only once) the page is visible.
  useEffect(() => {
    if (visible && request.kind === 'idle') void create('first');
  }, [visible, request.kind, create]);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const status = update?.status ?? 'pending';
  const final = !!scan && isFinalStatus(status);
  const remaining = scan ? Math.max(0, Math.ceil((scan.deadline - now) / 1000)) : 0;
  const expired = !!scan && !final && (remaining === 0 || status === 'expired');
  const roundsLeft = rounds < AUTO_REFRESH_ROUNDS;

  // An expired QR greys out and a fresh one takes its place without a click: a few rounds, while visible.
  useEffect(() => {
    if (expired && visible && roundsLeft && request.kind === 'ready') void create('auto');
  }, [expired, visible, roundsLeft, request.kind, create]);

  const state = cardState({
    request,
    // A subscription account's scene shows its keyword code where the QR would be.
    hasQr: !!scan && (!!svg || (!scan.qrContent && !!scan.keywordCode)),
    update,
    expired,
    roundsLeft,
    offline: connection === 'offline',
  });
  const tone = TONE[state];
  const retryIn = request.kind === 'rate_limited' ? Math.max(0, Math.ceil((request.retryAt - now) / 1000)) : 0;

  const headline = ((): string => {
    switch (state) {
      case 'loading':
        return t('qr.loading');
      case 'refreshing':
        return t('qr.refreshing');
      case 'expired':
        return t('scan.status.expired');
      case 'offline':
        return t('scan.status.offline');
      case 'rate_limited':
        return retryIn > 0 ? t('qr.rateLimited', { seconds: retryIn }) : t('qr.rateLimitedOver');
      case 'quota':
        return t('qr.quota');
      case 'error':
        return request.kind === 'error' ? request.message : t('error.internal');
      case 'conflict':
        return update?.reason
          ? `${t('scan.status.conflict')}：${t(`scan.conflict.${update.reason}`)}`
          : t('scan.status.conflict');
      case 'waiting':
        return watchError ?? t('scan.status.pending');
      default:
        return t(`scan.status.${status}`);
    }
  })();

  const action = ((): { label: string; testId: string; disabled?: boolean } | null => {
    switch (state) {
      case 'expired':
        return { label: t('qr.refresh'), testId: 'scan-refresh' };
      case 'cancelled':
      case 'conflict':
      case 'unbound':
      case 'error':
        return { label: t('qr.retry'), testId: 'scan-retry' };
      case 'rate_limited':
        return { label: t('qr.retry'), testId: 'scan-retry', disabled: retryIn > 0 };
      default:
        return null;
    }
  })();

  const showQr = !!scan && !!svg && state !== 'quota' && state !== 'rate_limited' && state !== 'error';
  const live = state === 'waiting' || state === 'confirming' || state === 'offline';
  // A subscription account has no parametric QR: the keyword code takes the QR's place.
  const keywordOnly = !!scan && !scan.qrContent && !!scan.keywordCode;
  const keywordFirst = !!props.keywordFirst && !!scan?.keywordCode && !keywordOnly && live;
  const frameLook =
    state === 'waiting' ? '' : state === 'confirming' || state === 'offline' ? ' qr-blur' : showQr ? ' qr-dim' : '';

  return (
    <div
      className={`qr-panel tone-${tone}`}
      data-testid="scan-card"
      data-state={state}
      data-status={request.kind === 'error' ? 'error' : status}
      data-connection={connection}
    >
      {/* A phone outside WeChat cannot scan its own screen: the keyword code leads, the QR stays below. */}
      {keywordFirst && <KeywordCode code={scan.keywordCode!} accountName={scan.accountName ?? ''} hero copy />}
      {props.keywordFirst && props.follow && live && <FollowAccount follow={props.follow} />}
      <div className={`qr-frame${frameLook}`}>
        {keywordOnly && live ? (
          <KeywordCode code={scan.keywordCode!} accountName={scan.accountName ?? ''} hero copy={props.keywordFirst} />
        ) : showQr ? (
          <div
            className="qr-image"
            data-testid="scan-qr"
            data-qr-content={scan.qrContent}
            role="img"
            aria-label={t('qr.alt')}
            // biome-ignore lint/security/noDangerouslySetInnerHtml: the SVG is drawn locally by the qrcode package
            dangerouslySetInnerHTML={{ __html: svg }}
          />
        ) : (
          <div className="qr-image qr-placeholder" aria-hidden="true" />
        )}
        {(state === 'loading' || state === 'refreshing') && (
          <div className="qr-overlay" aria-hidden="true">
            <span className="spinner" />
          </div>
        )}
        {ICON[state] && (
          <div className={`qr-overlay tone-${tone}`} aria-hidden="true">
            <span className="qr-icon">{ICON[state]}</span>
          </div>
        )}
      </div>
      {state === 'waiting' && (
        <p className="qr-instruction">{t(keywordOnly ? 'qr.keyword.instruction' : 'qr.instruction')}</p>
      )}
      {scan && live && (
        <div className={`countdown${remaining <= LOW_SECONDS ? ' countdown-low' : ''}`} data-testid="scan-countdown">
          <div className="countdown-track" aria-hidden="true">
            <div
              className="countdown-bar"
              style={{
                width: `${Math.min(100, (remaining / Math.max(1, (scan.deadline - scan.receivedAt) / 1000)) * 100)}%`,
              }}
            />
          </div>
          <span>
            <span className="sr-only">{t('qr.expiresInLabel')} </span>
            <time dateTime={`PT${remaining}S`}>{mmss(remaining)}</time>
          </span>
        </div>
      )}
      <p className={`scan-status tone-${tone}`} data-testid="scan-status" aria-live="polite" role="status">
        {headline}
      </p>
      {state === 'quota' && <p className="hint qr-detail">{t('qr.quotaDetail')}</p>}
      {state === 'expired' && <p className="hint qr-detail">{t('qr.expiredDetail')}</p>}
      {action && (
        <button
          type="button"
          className={`button${state === 'expired' ? ' primary' : ''}`}
          onClick={() => void create('user')}
          disabled={action.disabled}
          data-testid={action.testId}
        >
          {action.label}
        </button>
      )}
      {/* "无法扫码？/ Can't scan?": the keyword code from POST /api/scan, sent to the account as a text. */}
      {scan?.keywordCode && !keywordOnly && !keywordFirst && live && (
        <KeywordCode code={scan.keywordCode} accountName={scan.accountName ?? ''} />
      )}
      {props.simulator && scan && live && (
        <a
          className="sim-link"
          href={scan.qrContent ? `/dev/wechat?qr=${encodeURIComponent(scan.qrContent)}` : '/dev/wechat'}
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
