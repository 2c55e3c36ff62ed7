'use client';
import { useState } from 'react';
import { useT } from '../i18n-provider';
import styles from './keyword-code.module.css';

/**
 * The keyword code of a scene: what a user sends to the Official Account as a text instead of scanning.
 * Under a QR it is tucked away as "无法扫码？/ Can't scan?"; on a subscription account, which has no
 * parametric QRs, it is the hero (`hero`). The code is case-insensitive and works once.
 */
export function KeywordCode(props: { code: string; accountName: string; hero?: boolean; copy?: boolean }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  const body = (
    <>
      <p className={styles.lead}>{t('qr.keyword.send', { account: props.accountName })}</p>
      <p className={styles.value} data-testid="keyword-code-value">
        {props.code}
      </p>
      <p className={styles.hint}>{t('qr.keyword.hint')}</p>
      {props.copy && (
        <button
          type="button"
          className="button"
          data-testid="keyword-code-copy"
          onClick={() => {
            // Copied, the user switches to WeChat and pastes it into the account's chat.
            navigator.clipboard?.writeText(props.code).then(
              () => setCopied(true),
              () => setCopied(false),
            );
          }}
        >
          {copied ? t('qr.keyword.copied') : t('qr.keyword.copy')}
        </button>
      )}
    </>
  );
  if (props.hero) {
    return (
      <div className={`${styles.box} ${styles.hero}`} data-testid="keyword-code">
        {body}
      </div>
    );
  }
  return (
    <details className={styles.box} data-testid="keyword-code">
      <summary>{t('qr.cantScan')}</summary>
      {body}
    </details>
  );
}
