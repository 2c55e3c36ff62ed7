'use client';
import { useT } from '../i18n-provider';
import styles from './keyword-code.module.css';

/**
 * The keyword code of a scene: what a user sends to the Official Account as a text instead of scanning.
 * Under a QR it is tucked away as "无法扫码？/ Can't scan?"; on a subscription account, which has no
 * parametric QRs, it is the hero (`hero`). The code is case-insensitive and works once.
 */
export function KeywordCode(props: { code: string; accountName: string; hero?: boolean }) {
  const t = useT();
  const body = (
    <>
      <p className={styles.lead}>{t('qr.keyword.send', { account: props.accountName })}</p>
      <p className={styles.value} data-testid="keyword-code-value">
        {props.code}
      </p>
      <p className={styles.hint}>{t('qr.keyword.hint')}</p>
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
