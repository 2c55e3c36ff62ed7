'use client';
import {
  type FormEvent,
  type InputHTMLAttributes,
  type ReactNode,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { io, type Socket } from 'socket.io-client';
import { useT } from '@/app/i18n-provider';
import { splitLinks } from '@/lib/simulator/links';
import {
  BIND_MENU_KEY,
  SIM_NAMESPACE,
  SIM_RULE_NAMES,
  type PhoneAction,
  type SimClientToServer,
  type SimFaultsView,
  type SimQrView,
  type SimServerToClient,
  type SimStateView,
  type TimelineEntry,
} from '@/lib/simulator/types';
import styles from './phone.module.css';

const MAX_QRS_SHOWN = 12;

type SimSocket = Socket<SimServerToClient, SimClientToServer>;
const USER_KEY = 'webind.sim.user';

export function Phone({ initialQr }: { initialQr: string }) {
  const t = useT();
  const [connected, setConnected] = useState<boolean | null>(null);
  const [state, setState] = useState<SimStateView | null>(null);
  const [skew, setSkew] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const [selected, setSelected] = useState('');
  const [entries, setEntries] = useState<TimelineEntry[]>([]);
  const [busy, setBusy] = useState(false);
  const [toast, setToast] = useState('');
  const [browserUrl, setBrowserUrl] = useState('');
  const [keyboard, setKeyboard] = useState(false);
  const [text, setText] = useState('');
  const socketRef = useRef<SimSocket | null>(null);
  const selectedRef = useRef('');
  const chatRef = useRef<HTMLOListElement>(null);

  const loadTimeline = useCallback((openid: string) => {
    selectedRef.current = openid;
    setEntries([]);
    if (openid)
      socketRef.current?.emit('timeline', { openid }, (list) => selectedRef.current === openid && setEntries(list));
  }, []);

  const select = useCallback(
    (openid: string) => {
      setSelected(openid);
      try {
        localStorage.setItem(USER_KEY, openid);
      } catch {
        /* private mode: the choice just is not remembered */
      }
      loadTimeline(openid);
    },
    [loadTimeline],
  );

  useEffect(() => {
    const socket: SimSocket = io(SIM_NAMESPACE, { transports: ['websocket', 'polling'] });
    socketRef.current = socket;
    const apply = (s: SimStateView) => {
      setState(s);
      setSkew(s.now - Date.now());
    };
    socket.on('connect', () => {
      setConnected(true);
      socket.emit('hello', (s) => {
        apply(s);
        let remembered = selectedRef.current;
        if (!remembered) {
          try {
            remembered = localStorage.getItem(USER_KEY) ?? '';
          } catch {
            remembered = '';
          }
        }
        const known = s.users.find((u) => u.openid === remembered) ?? s.users[0];
        if (known) {
          setSelected(known.openid);
          loadTimeline(known.openid);
        }
      });
    });
    socket.on('disconnect', () => setConnected(false));
    socket.on('state', apply);
    socket.on('entry', ({ openid, entry }) => {
      if (openid !== selectedRef.current) return;
      setEntries((list) => (list.some((e) => e.id === entry.id) ? list : [...list, entry]));
    });
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      clearInterval(timer);
      socket.close();
    };
  }, [loadTimeline]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: triggers — scroll to the newest message when the chat changes
  useEffect(() => {
    const chat = chatRef.current;
    if (chat) chat.scrollTop = chat.scrollHeight;
  }, [entries, selected]);

  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(''), 3000);
    return () => clearTimeout(timer);
  }, [toast]);

  const user = state?.users.find((u) => u.openid === selected) ?? null;
  const serverNow = now + skew;
  // Live QRs only, newest first (the one the page linked to at the top), a screenful at most.
  const allLive = useMemo(
    () =>
      (state?.qrs ?? [])
        .filter((q) => q.expiresAt === null || q.expiresAt > serverNow)
        .sort((a, b) => Number(b.url === initialQr) - Number(a.url === initialQr) || b.createdAt - a.createdAt),
    [state, serverNow, initialQr],
  );
  const liveQrs = allLive.slice(0, MAX_QRS_SHOWN);

  function act(action: PhoneAction): void {
    const socket = socketRef.current;
    if (!socket || !user) return;
    setBusy(true);
    socket.emit('act', { openid: user.openid, action }, (result) => {
      setBusy(false);
      if (!result.ok) setToast(t(result.message === 'not_following' ? 'sim.toast.not_following' : 'sim.toast.failed'));
      else if (result.outcome === 'qr_expired') setToast(t('sim.toast.qr_expired'));
      else if (result.outcome === 'qr_unknown') setToast(t('sim.toast.qr_unknown'));
    });
  }

  function createUser(name: string, clear: () => void) {
    socketRef.current?.emit('createUser', { nickname: name }, (result) => {
      if (!result.ok) return setToast(t('sim.toast.failed'));
      clear();
      select(result.user.openid);
    });
  }

  function sendText(e: FormEvent) {
    e.preventDefault();
    if (!text.trim()) return;
    act({ type: 'send', text });
    setText('');
  }

  /** Any URL typed in the console opens in the phone's in-app browser, as the selected user. */
  function openAddress(address: string) {
    try {
      const url = new URL(address, window.location.origin);
      if (url.protocol === 'http:' || url.protocol === 'https:') setBrowserUrl(url.toString());
      else setToast(t('sim.browser.badUrl'));
    } catch {
      setToast(t('sim.browser.badUrl'));
    }
  }

  function openView() {
    const url = `${window.location.origin}/`;
    act({ type: 'view', url });
    setBrowserUrl(url);
  }

  return (
    <div className={styles.layout}>
      <section className={styles.phone} aria-label={t('sim.phone')}>
        <div className={styles.statusBar} aria-hidden="true">
          <span>9:41</span>
          <span>●●●● 5G ▮▮▮</span>
        </div>
        <header className={styles.navBar}>
          <span aria-hidden="true">‹</span>
          <strong>{state?.account.name ?? 'WeBind'}</strong>
          <span aria-hidden="true">⋯</span>
        </header>

        {!user ? (
          <div className={styles.profile}>
            <p className={styles.muted}>{t('sim.profile.pick')}</p>
          </div>
        ) : !user.following && entries.length === 0 ? (
          <div className={styles.profile}>
            <div className={styles.bigAvatar} aria-hidden="true">
              W
            </div>
            <h2>{state?.account.name}</h2>
            <p className={styles.muted}>{t('sim.profile.lead')}</p>
            <button
              type="button"
              className={styles.followButton}
              onClick={() => act({ type: 'follow' })}
              disabled={busy}
              data-testid="sim-profile-follow"
            >
              {t('sim.profile.follow')}
            </button>
          </div>
        ) : (
          <ol className={styles.chat} ref={chatRef} data-testid="sim-timeline" aria-live="polite">
            {entries.length === 0 && <li className={styles.notice}>{t('sim.chat.empty')}</li>}
            {entries.map((entry, i) => (
              <Entry key={entry.id} entry={entry} previous={entries[i - 1]} onOpen={setBrowserUrl} />
            ))}
            {busy && <li className={styles.notice}>{t('sim.chat.sending')}</li>}
          </ol>
        )}

        {user?.following && (
          <footer className={styles.bottom}>
            <button
              type="button"
              className={styles.toggle}
              onClick={() => setKeyboard(!keyboard)}
              aria-label={keyboard ? t('sim.chat.menu') : t('sim.chat.keyboard')}
              data-testid="sim-toggle"
            >
              {keyboard ? '☰' : '⌨'}
            </button>
            {keyboard ? (
              <form className={styles.inputRow} onSubmit={sendText}>
                <input
                  className={styles.input}
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                  placeholder={t('sim.chat.placeholder')}
                  aria-label={t('sim.chat.placeholder')}
                  data-testid="sim-input"
                />
                <button type="submit" className={styles.sendButton} disabled={!text.trim()} data-testid="sim-send">
                  {t('sim.chat.send')}
                </button>
              </form>
            ) : (
              <nav className={styles.menu} aria-label="menu">
                <button
                  type="button"
                  onClick={() => act({ type: 'click', key: BIND_MENU_KEY })}
                  data-testid="sim-menu-bind"
                >
                  {t('sim.menu.bind')}
                </button>
                <button type="button" onClick={openView} data-testid="sim-menu-site">
                  {t('sim.menu.site')}
                </button>
              </nav>
            )}
          </footer>
        )}

        {browserUrl && (
          <div className={styles.browser} data-testid="sim-browser" role="dialog" aria-label={browserUrl}>
            <div className={styles.browserBar}>
              <button
                type="button"
                onClick={() => setBrowserUrl('')}
                aria-label={t('sim.browser.close')}
                data-testid="sim-browser-close"
              >
                ✕
              </button>
              <span className={styles.browserTitle}>{hostOf(browserUrl)}</span>
              <a
                href={browserUrl}
                target="_blank"
                rel="noreferrer"
                title={t('sim.browser.newTab')}
                aria-label={t('sim.browser.newTab')}
              >
                ↗
              </a>
            </div>
            {/* `credentialless`: the frame gets a cookie jar of its own, as a phone's WeChat browser has — the
                desktop tab's session is not visible in it, and logging in here does not switch the desktop's.
                React does not pass the attribute through, and it must be set before the first navigation.
                The frame cannot send WeChat's User-Agent: it opens every page through /sim/browser/open, which
                tells the simulated WeChat who browses (for web authorization) and marks this jar as WeChat's
                in-app browser (honoured only while the simulator is mounted, never in production). */}
            {user && (
              <iframe
                key={`${user.openid}|${browserUrl}`}
                className={styles.frame}
                title={browserUrl}
                data-testid="sim-browser-frame"
                data-url={browserUrl}
                ref={(frame) => {
                  if (!frame || frame.dataset.src) return;
                  frame.setAttribute('credentialless', '');
                  const src = `/sim/browser/open?${new URLSearchParams({ openid: user.openid, url: browserUrl })}`;
                  frame.dataset.src = src;
                  frame.src = src;
                }}
              />
            )}
          </div>
        )}
        {toast && (
          <div className={styles.toast} role="status" data-testid="sim-toast">
            {toast}
          </div>
        )}
      </section>

      <section className={`card ${styles.console}`} aria-label={t('sim.console')}>
        <p className={connected === false ? styles.offline : styles.muted} data-testid="sim-connection" role="status">
          {connected === null
            ? t('sim.connecting')
            : connected
              ? `${state?.account.originalId ?? ''} · ${state?.account.encrypted ? 'AES' : 'plaintext'}`
              : t('sim.offline')}
        </p>

        <h2>{t('sim.user')}</h2>
        {state && state.users.length > 0 ? (
          <label className={styles.field}>
            <span>{t('sim.user.pick')}</span>
            <select value={selected} onChange={(e) => select(e.target.value)} data-testid="sim-user-select">
              {state.users.map((u) => (
                <option key={u.openid} value={u.openid}>
                  {u.nickname} · {u.openid.slice(0, 6)}… ·{' '}
                  {u.following ? t('sim.user.following') : t('sim.user.notFollowing')}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <p className={styles.muted}>{t('sim.user.none')}</p>
        )}
        <TextRow
          field={{ label: t('sim.user.new'), maxLength: 32, testId: 'sim-user-name' }}
          submit={{ label: t('sim.user.create'), testId: 'sim-user-create' }}
          onSubmit={createUser}
        />
        {user && (
          <div className={styles.row}>
            <span className={user.following ? styles.badgeOn : styles.badgeOff} data-testid="sim-following">
              {user.following ? t('sim.user.following') : t('sim.user.notFollowing')}
            </span>
            <button
              type="button"
              className={user.following ? 'button danger' : 'button primary'}
              onClick={() => act({ type: user.following ? 'unfollow' : 'follow' })}
              disabled={busy}
              data-testid={user.following ? 'sim-unfollow' : 'sim-follow'}
            >
              {t(user.following ? 'sim.unfollow' : 'sim.follow')}
            </button>
          </div>
        )}

        <TextRow
          initial="/login"
          field={{ label: t('sim.browser.address'), placeholder: '/login · https://…', testId: 'sim-browser-address' }}
          submit={{ label: t('sim.browser.open'), testId: 'sim-browser-go', disabled: !user }}
          onSubmit={openAddress}
        />

        <h2>{t('sim.qrs')}</h2>
        {liveQrs.length === 0 ? (
          <p className={styles.muted} data-testid="sim-qrs-empty">
            {t('sim.qrs.empty')}
          </p>
        ) : (
          <ul className="card-list">
            {liveQrs.map((qr) => (
              <QrItem
                key={qr.ticket}
                qr={qr}
                now={serverNow}
                highlighted={qr.url === initialQr}
                disabled={!user || busy}
                onScan={() => act({ type: 'scan', qrContent: qr.url })}
              />
            ))}
          </ul>
        )}
        {allLive.length > liveQrs.length && (
          <p className={styles.muted} data-testid="sim-qrs-more">
            {t('sim.qrs.more', { count: allLive.length - liveQrs.length })}
          </p>
        )}
        <TextRow
          initial={initialQr}
          field={{ label: t('sim.paste'), placeholder: 'http://weixin.qq.com/q/…', testId: 'sim-paste' }}
          submit={{ label: t('sim.paste.scan'), testId: 'sim-paste-scan', disabled: !user || busy }}
          onSubmit={(text) => act({ type: 'scan', qrContent: text })}
        />

        <Faults state={state} />
      </section>
    </div>
  );
}

function QrItem({
  qr,
  now,
  highlighted,
  disabled,
  onScan,
}: {
  qr: SimQrView;
  now: number;
  highlighted: boolean;
  disabled: boolean;
  onScan: () => void;
}) {
  const t = useT();
  const seconds = qr.expiresAt === null ? null : Math.max(0, Math.ceil((qr.expiresAt - now) / 1000));
  return (
    <li
      className={highlighted ? `${styles.qr} ${styles.qrHighlighted}` : styles.qr}
      data-testid="sim-qr"
      data-url={qr.url}
    >
      {/* biome-ignore lint/performance/noImgElement: a 56 px QR the simulator draws; next/image would only proxy it */}
      <img src={`/sim/cgi-bin/showqrcode?ticket=${encodeURIComponent(qr.ticket)}`} alt="" width={56} height={56} />
      <div className={styles.qrText}>
        <code title={qr.url}>{qr.url.replace('http://weixin.qq.com/q/', '…/q/')}</code>
        <small>
          {highlighted ? `${t('sim.qrs.fromLink')} · ` : ''}
          {seconds === null ? t('sim.qrs.permanent') : t('sim.qrs.expiresIn', { seconds })}
          {qr.scans > 0 ? ` · ${t('sim.qrs.scans', { count: qr.scans })}` : ''}
        </small>
      </div>
      <button type="button" className="button primary" onClick={onScan} disabled={disabled} data-testid="sim-qr-scan">
        {t('sim.qrs.scan')}
      </button>
    </li>
  );
}

function Entry({
  entry,
  previous,
  onOpen,
}: {
  entry: TimelineEntry;
  previous?: TimelineEntry;
  onOpen: (url: string) => void;
}) {
  const t = useT();
  const stamp =
    !previous || entry.at - previous.at > 3 * 60_000 ? <time className={styles.stamp}>{timeOf(entry.at)}</time> : null;
  const link = (href: string, label: string, key?: number) => (
    <a
      key={key}
      href={href}
      data-testid="sim-link"
      onClick={(e) => {
        e.preventDefault();
        onOpen(href);
      }}
    >
      {label}
    </a>
  );
  const rich = (text: string) =>
    splitLinks(text).map((s, i) =>
      // biome-ignore lint/suspicious/noArrayIndexKey: the pieces of one fixed text, never reordered
      s.type === 'link' ? link(s.href, s.text, i) : <span key={i}>{s.text}</span>,
    );
  let body: ReactNode;
  switch (entry.kind) {
    case 'notice':
      return (
        <li className={styles.notice} data-testid="sim-entry" data-kind={`notice:${entry.code}`} title={entry.detail}>
          {stamp}
          <span>{t(`sim.notice.${entry.code}`)}</span>
        </li>
      );
    case 'user_text':
      return (
        <li className={styles.mine} data-testid="sim-entry" data-kind="user_text">
          {stamp}
          <div className={styles.line}>
            <p className={styles.bubbleMine}>{entry.text}</p>
            <span className={styles.avatarMe} aria-hidden="true">
              我
            </span>
          </div>
        </li>
      );
    case 'account_text':
      body = <p className={styles.bubble}>{rich(entry.text)}</p>;
      break;
    case 'account_news':
      body = (
        <div className={styles.card}>
          {entry.articles.map((a) => (
            <div key={`${a.title}|${a.url ?? ''}`} className={styles.article}>
              <strong>{a.title}</strong>
              {a.description && <p>{a.description}</p>}
              {a.url && link(a.url, t('sim.news.read'))}
            </div>
          ))}
        </div>
      );
      break;
    case 'account_other':
      body = <p className={styles.bubble}>[{entry.msgType}]</p>;
      break;
    case 'template':
      body = (
        <div className={styles.card} data-testid="sim-template">
          <strong>{entry.title}</strong>
          <small className={styles.muted}>
            {new Date(entry.at).toLocaleDateString(t.locale === 'zh' ? 'zh-CN' : 'en-US')}
          </small>
          {entry.first && <p>{entry.first}</p>}
          <dl>
            {entry.rows.map((r) => (
              <div key={r.label}>
                <dt>{r.label}</dt>
                <dd style={r.color ? { color: r.color } : undefined}>{r.value}</dd>
              </div>
            ))}
          </dl>
          {entry.remark && <p className={styles.muted}>{entry.remark}</p>}
          {entry.url && <div className={styles.cardFoot}>{link(entry.url, `${t('sim.template.details')} ›`)}</div>}
        </div>
      );
      break;
  }
  return (
    <li className={styles.theirs} data-testid="sim-entry" data-kind={entry.kind}>
      {stamp}
      <div className={styles.line}>
        <span className={styles.avatar} aria-hidden="true">
          W
        </span>
        {body}
      </div>
    </li>
  );
}

function Faults({ state }: { state: SimStateView | null }) {
  const t = useT();
  const [latency, setLatency] = useState('0');
  const [errcode, setErrcode] = useState('45009');
  const [count, setCount] = useState('1');
  const post = (body: unknown) =>
    fetch('/sim/dev/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const faults = state?.faults;
  const pending = faults?.failures.reduce((n, f) => n + f.remaining, 0) ?? 0;
  return (
    <details className={styles.faults}>
      <summary>{t('sim.faults')}</summary>
      <p className={styles.muted} data-testid="sim-faults">
        {faults && (faults.latencyMs > 0 || pending > 0)
          ? t('sim.faults.active', { latency: faults.latencyMs, failures: pending })
          : t('sim.faults.none')}
      </p>
      <PostForm post={post} body={() => ({ latencyMs: Number(latency) || 0 })} submit={t('sim.faults.apply')}>
        <NumberField label={t('sim.faults.latency')} min={0} max={60000} value={latency} onChange={setLatency} />
      </PostForm>
      <PostForm
        post={post}
        body={() => {
          const code = Number(errcode);
          const n = Math.max(1, Number(count) || 1);
          return { failNext: code >= 500 && code <= 599 ? { count: n, status: code } : { count: n, errcode: code } };
        }}
        submit={t('sim.faults.failNext')}
      >
        <NumberField label={t('sim.faults.errcode')} value={errcode} onChange={setErrcode} />
        <NumberField label={t('sim.faults.count')} min={1} max={1000} value={count} onChange={setCount} />
      </PostForm>
      {faults && <Rules faults={faults} post={post} />}
      <div className={styles.row}>
        <button type="button" className="button" onClick={() => void post({ invalidateToken: true })}>
          {t('sim.faults.invalidate')}
        </button>
        <button type="button" className="button" onClick={() => void fetch('/sim/dev/faults', { method: 'DELETE' })}>
          {t('sim.faults.reset')}
        </button>
      </div>
    </details>
  );
}

function Rules({ faults, post }: { faults: SimFaultsView; post: Post }) {
  const t = useT();
  const [limit, setLimit] = useState(String(faults.qrDailyLimit));
  return (
    <fieldset className={styles.rules} data-testid="sim-rules">
      <legend>{t('sim.rules')}</legend>
      {SIM_RULE_NAMES.map((name) => (
        <label key={name} className={styles.check}>
          <input
            type="checkbox"
            checked={faults.rules[name]}
            onChange={(e) => void post({ rules: { [name]: e.target.checked } })}
          />
          <span>{t(`sim.rules.${name}`)}</span>
        </label>
      ))}
      <label className={styles.check}>
        <input
          type="checkbox"
          checked={faults.accountType === 'subscription'}
          onChange={(e) => void post({ accountType: e.target.checked ? 'subscription' : 'service' })}
        />
        <span>{t('sim.rules.subscription')}</span>
      </label>
      <PostForm
        post={post}
        body={() => ({ qrDailyLimit: Math.max(0, Math.floor(Number(limit) || 0)) })}
        submit={t('sim.faults.apply')}
      >
        <NumberField
          label={t('sim.rules.qrLimit', { used: faults.qrUsedToday })}
          min={0}
          value={limit}
          onChange={setLimit}
        />
      </PostForm>
    </fieldset>
  );
}

/**
 * A console row: a text field (its label is the placeholder unless one is given) and the button that
 * submits it, disabled while the field is blank.
 */
function TextRow(props: {
  initial?: string;
  field: { label: string; placeholder?: string; maxLength?: number; testId: string };
  submit: { label: string; testId: string; disabled?: boolean };
  /** Called with the trimmed text; `clear` empties the field. */
  onSubmit: (text: string, clear: () => void) => void;
}) {
  const [value, setValue] = useState(props.initial ?? '');
  const { field, submit } = props;
  return (
    <form
      className={styles.row}
      onSubmit={(e) => {
        e.preventDefault();
        if (value.trim()) props.onSubmit(value.trim(), () => setValue(''));
      }}
    >
      <input
        value={value}
        onChange={(e) => setValue(e.target.value)}
        placeholder={field.placeholder ?? field.label}
        aria-label={field.label}
        maxLength={field.maxLength}
        data-testid={field.testId}
      />
      <button type="submit" className="button" disabled={submit.disabled || !value.trim()} data-testid={submit.testId}>
        {submit.label}
      </button>
    </form>
  );
}

type Post = (body: unknown) => Promise<Response>;

/** A row of the faults panel: its fields, and a button that posts the body they make. */
function PostForm({
  post,
  body,
  submit,
  children,
}: {
  post: Post;
  body: () => unknown;
  submit: string;
  children: ReactNode;
}) {
  return (
    <form
      className={styles.row}
      onSubmit={(e) => {
        e.preventDefault();
        void post(body());
      }}
    >
      {children}
      <button type="submit" className="button">
        {submit}
      </button>
    </form>
  );
}

function NumberField({
  label,
  onChange,
  ...input
}: { label: string; onChange: (value: string) => void } & Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange'>) {
  return (
    <label className={styles.field}>
      <span>{label}</span>
      <input type="number" {...input} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function timeOf(at: number): string {
  const d = new Date(at);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}
