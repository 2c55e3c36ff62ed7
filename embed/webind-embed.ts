/**
 * The QR piece for host sites' pages, framework-free: given a scene's `watchToken` and `qrContent`
 * (from POST /api/v1/scenes, called by the host's own backend), it draws the QR as SVG, counts down,
 * follows the scene live over Socket.IO and calls back on the outcome. When the QR expires it asks the
 * host for a fresh scene (`refresh`) a few times while the page is visible, then offers a button.
 * Served as /embed.js (window.WeBind.mount) and wrapped by the React component in ./webind-qr.tsx.
 */
import QRCode from 'qrcode';
import { io, type Socket } from 'socket.io-client';
import { host as strings } from '../lib/i18n/host';
import {
  SCAN_NAMESPACE,
  type ClientToServerEvents,
  type ScanUpdate,
  type ServerToClientEvents,
  type WatchAck,
} from '../lib/realtime/events';

export interface EmbedScene {
  watchToken: string;
  qrContent: string;
  /** Epoch ms; read from the watch token when absent. */
  expiresAt?: number;
}

export type EmbedStatus = ScanUpdate['status'] | 'offline' | 'connecting' | 'invalid';

export interface EmbedOptions extends EmbedScene {
  /** WeBind's origin, e.g. https://bind.example.com (default: where embed.js was loaded from). */
  server?: string;
  locale?: 'zh' | 'en';
  /** Every status change, including connection states. */
  onStatus?: (status: EmbedStatus, update: ScanUpdate | null) => void;
  /** Once, when the scene reaches an outcome (bound, conflict, login_ready, needs_binding, …). */
  onOutcome?: (update: ScanUpdate) => void;
  /** Asks the host's backend for a fresh scene when the QR expires. */
  refresh?: () => Promise<EmbedScene>;
  /** QR side in CSS pixels (default 220). */
  size?: number;
}

export interface EmbedHandle {
  /** Shows another scene (e.g. after the host made a new one). */
  show(scene: EmbedScene): void;
  destroy(): void;
}

const FINAL = new Set(['bound', 'conflict', 'login_ready', 'needs_binding', 'code_sent', 'cancelled']);
const AUTO_REFRESHES = 3;
type Key = keyof (typeof strings)['zh'];

function expiryOf(scene: EmbedScene): number {
  if (scene.expiresAt) return scene.expiresAt;
  const parts = scene.watchToken.split('.');
  return parts.length === 3 ? Number(parts[1]) : 0;
}

function sceneIdOf(watchToken: string): string {
  return watchToken.split('.')[0] ?? '';
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, style: string, attrs: Record<string, string> = {}) {
  const node = document.createElement(tag);
  node.setAttribute('style', style);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

export function mount(target: HTMLElement, options: EmbedOptions): EmbedHandle {
  const locale =
    options.locale ?? ((navigator.language || '').toLowerCase().startsWith('en') ? ('en' as const) : ('zh' as const));
  const t = (key: Key) => strings[locale][key];
  const size = options.size ?? 220;
  const server = (options.server ?? '').replace(/\/+$/, '');

  // Calm card: white, system fonts, WeChat green only as a mark; text contrast ≥ 4.5:1.
  const card = el(
    'div',
    'box-sizing:border-box;display:inline-flex;flex-direction:column;align-items:center;gap:8px;padding:16px;' +
      'background:#fff;border:1px solid #e5e7eb;border-radius:12px;font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;color:#1f2937;' +
      `width:${size + 34}px`,
    { 'data-webind': 'qr' },
  );
  const qr = el('div', `width:${size}px;height:${size}px;transition:opacity .2s`, {
    role: 'img',
    'aria-label': t('embed.qrAlt'),
    'data-testid': 'scan-qr',
  });
  const hint = el('div', 'font-size:14px', {});
  hint.textContent = t('embed.scanWith');
  const track = el('div', 'width:100%;height:4px;background:#e5e7eb;border-radius:2px;overflow:hidden', {
    'aria-hidden': 'true',
  });
  const bar = el('div', 'height:100%;width:100%;background:#07C160;transition:width 1s linear');
  track.append(bar);
  const countdown = el('div', 'font-size:13px;color:#4b5563;font-variant-numeric:tabular-nums', {
    'data-testid': 'scan-countdown',
  });
  const status = el('div', 'font-size:14px;min-height:20px;text-align:center', {
    'aria-live': 'polite',
    'data-testid': 'scan-status',
  });
  const button = el(
    'button',
    'display:none;padding:6px 16px;border-radius:6px;border:0;background:#047A3D;color:#fff;font-size:14px;cursor:pointer',
    { type: 'button', 'data-testid': 'scan-refresh' },
  );
  button.textContent = t('embed.refresh');
  card.append(qr, hint, track, countdown, status, button);
  target.replaceChildren(card);

  let scene: EmbedScene = options;
  let lifetime = 1;
  let deadline = 0;
  let last: ScanUpdate | null = null;
  let reported = false;
  let autoRefreshes = 0;
  let refreshing = false;
  let destroyed = false;

  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(`${server}${SCAN_NAMESPACE}`, {
    transports: ['websocket', 'polling'],
    withCredentials: false,
  });

  const setStatus = (s: EmbedStatus, update: ScanUpdate | null) => {
    const key = `embed.status.${s}` as Key;
    status.textContent = key in strings[locale] ? t(key) : s;
    status.style.color = s === 'conflict' || s === 'invalid' ? '#b91c1c' : FINAL.has(s) ? '#047A3D' : '#1f2937';
    card.setAttribute('data-status', s);
    options.onStatus?.(s, update);
  };

  const watch = () => {
    socket.emit('watch', { watchToken: scene.watchToken }, (ack: WatchAck) => {
      if (!ack.ok) setStatus('invalid', null);
    });
  };

  const draw = async () => {
    const svg = await QRCode.toString(scene.qrContent, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    if (destroyed) return;
    qr.innerHTML = svg;
    const drawn = qr.querySelector('svg');
    if (drawn) drawn.setAttribute('style', `width:${size}px;height:${size}px;display:block`);
    qr.style.opacity = '1';
  };

  const show = (next: EmbedScene) => {
    scene = next;
    qr.setAttribute('data-qr-content', next.qrContent);
    last = null;
    reported = false;
    // Count down by the scene's lifetime as this browser sees it (its clock may be off).
    const expiresAt = expiryOf(next);
    lifetime = Math.max(1, expiresAt - Date.now());
    deadline = Date.now() + lifetime;
    button.style.display = 'none';
    for (const node of [hint, track, countdown]) node.style.display = '';
    void draw();
    setStatus(socket.connected ? 'pending' : 'connecting', null);
    if (socket.connected) watch();
    tick();
  };

  const refresh = async () => {
    if (!options.refresh || refreshing) return;
    refreshing = true;
    try {
      show(await options.refresh());
    } catch {
      button.style.display = '';
    } finally {
      refreshing = false;
    }
  };

  const expire = () => {
    qr.style.opacity = '0.25';
    if (!last || !FINAL.has(last.status)) setStatus('expired', last);
    // Each QR spends the account's daily quota: a few automatic rounds while visible, then a button.
    if (options.refresh && autoRefreshes < AUTO_REFRESHES && document.visibilityState === 'visible') {
      autoRefreshes++;
      void refresh();
    } else if (options.refresh) button.style.display = '';
  };

  function tick() {
    const left = Math.max(0, deadline - Date.now());
    const secs = Math.ceil(left / 1000);
    countdown.textContent = `${t('embed.expiresIn')} ${String(Math.floor(secs / 60)).padStart(2, '0')}:${String(secs % 60).padStart(2, '0')}`;
    bar.style.width = `${(100 * left) / lifetime}%`;
    if (left === 0 && !(last && FINAL.has(last.status)) && card.getAttribute('data-status') !== 'expired') expire();
  }
  const timer = setInterval(tick, 1000);

  socket.on('connect', () => {
    setStatus(last?.status ?? 'pending', last);
    watch();
  });
  socket.on('disconnect', () => setStatus('offline', last));
  socket.on('scan', (update) => {
    if (update.sceneId !== sceneIdOf(scene.watchToken)) return;
    last = update;
    if (update.status === 'expired') return expire();
    setStatus(update.status, update);
    if (FINAL.has(update.status)) {
      qr.style.opacity = '0.25';
      // The wait is over: no countdown for a QR that has done its job.
      for (const node of [hint, track, countdown]) node.style.display = 'none';
      if (!reported) {
        reported = true;
        options.onOutcome?.(update);
      }
    }
  });
  button.addEventListener('click', () => {
    autoRefreshes = 0;
    void refresh();
  });

  show(scene);
  return {
    show,
    destroy() {
      destroyed = true;
      clearInterval(timer);
      socket.close();
      card.remove();
    },
  };
}
