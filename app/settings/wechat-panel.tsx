'use client';
import { useEffect, useRef, useState } from 'react';
import type { AccountUpdate, ScanUpdate } from '@/lib/realtime/events';
import { callApi } from '../form';
import { useT } from '../i18n-provider';
import { QrPanel, type QrSetting, qrSettingOf } from '../scan/qr-panel';
import { listen, scanSocket } from '../scan/scan-socket';

type WeChat = AccountUpdate['wechat'];

/** Settings → WeChat: the bound state, or the bind button and its QR; live both ways. */
/** `inWeChat`: the page is open in WeChat's own browser on an account with web authorization: bind by it. */
export function WeChatPanel(props: QrSetting & { initial: WeChat; inWeChat?: boolean }) {
  const t = useT();
  const [wechat, setWechat] = useState<WeChat>(props.initial);
  const [binding, setBinding] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** Account pushes received so far: a refresh answered after one of them may be older than it. */
  const pushes = useRef(0);

  // Changes made elsewhere (bound by a scan, 解绑 sent in WeChat, unfollowed) arrive as `account`.
  useEffect(() => {
    return listen(scanSocket(), {
      account: (u) => {
        pushes.current += 1;
        setWechat(u.wechat);
        if (u.wechat) setBinding(false);
        else setNotice(t('wechat.unbound'));
      },
    });
  }, [t]);

  async function refresh() {
    const seen = pushes.current;
    const res = await callApi<{ wechat: WeChat }>('/api/me', { method: 'GET' });
    // A 解绑 pushed while the answer was on its way is newer than the answer: keep it.
    if (res.ok && pushes.current === seen) setWechat(res.body.wechat);
  }

  function onScan(update: ScanUpdate) {
    if (update.status === 'bound') {
      setNotice(t('scan.status.bound'));
      setBinding(false);
      void refresh();
    }
  }

  async function unbind() {
    setError(null);
    const res = await callApi('/api/wechat/binding', { method: 'DELETE' });
    setConfirming(false);
    if (res.ok || res.status === 404) {
      setWechat(null);
      setNotice(t('wechat.unbound'));
    } else {
      setError(res.error?.message ?? t('error.internal'));
    }
  }

  const locale = t.locale === 'zh' ? 'zh-CN' : 'en-US';
  return (
    <section className="card" aria-labelledby="wechat-heading">
      <h2 id="wechat-heading">{t('wechat.title')}</h2>
      {notice && (
        <p className="notice" role="status" data-testid="wechat-notice">
          {notice}
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {wechat ? (
        <div data-testid="wechat-binding" className="binding">
          <p className="bound-badge">✓ {t('wechat.bound')}</p>
          <dl className="facts">
            <dt>{t('wechat.openid')}</dt>
            <dd data-testid="wechat-openid">{wechat.openid}</dd>
            <dt>{t('wechat.since')}</dt>
            <dd>{new Date(wechat.boundAt).toLocaleString(locale)}</dd>
            <dt>{t('wechat.following')}</dt>
            <dd data-testid="wechat-following">
              {wechat.subscribed ? t('wechat.following.yes') : t('wechat.following.no')}
            </dd>
          </dl>
          {confirming ? (
            <div className="confirm" role="alertdialog" aria-labelledby="unbind-question">
              <p id="unbind-question">{t('wechat.unbind.confirm')}</p>
              <div className="actions">
                <button
                  type="button"
                  className="button danger"
                  onClick={() => void unbind()}
                  data-testid="unbind-confirm"
                >
                  {t('wechat.unbind.yes')}
                </button>
                <button type="button" className="button" onClick={() => setConfirming(false)}>
                  {t('wechat.unbind.no')}
                </button>
              </div>
            </div>
          ) : (
            <button
              type="button"
              className="button danger"
              onClick={() => {
                // A success notice from earlier would read as the answer to this question.
                setNotice(null);
                setError(null);
                setConfirming(true);
              }}
              data-testid="unbind-wechat"
            >
              {t('wechat.unbind')}
            </button>
          )}
        </div>
      ) : binding ? (
        <div className="stack">
          <QrPanel purpose="bind" onUpdate={onScan} {...qrSettingOf(props)} />
          <button type="button" className="link-button" onClick={() => setBinding(false)}>
            {t('wechat.cancel')}
          </button>
        </div>
      ) : props.inWeChat ? (
        <div className="stack">
          <p className="lead">{t('webAuth.settingsLead')}</p>
          <div>
            <a
              className="button primary"
              href="/api/auth/wechat/oauth/start?purpose=bind&next=%2Fsettings"
              data-testid="bind-wechat-oauth"
            >
              {t('webAuth.settingsButton')}
            </a>
          </div>
        </div>
      ) : (
        <div className="stack">
          <p className="lead">{t('wechat.lead')}</p>
          <div>
            <button
              type="button"
              className="button primary"
              data-testid="bind-wechat"
              onClick={() => {
                setNotice(null);
                setBinding(true);
              }}
            >
              {t('wechat.bind')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
