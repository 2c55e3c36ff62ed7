'use client';
import type { FollowQr } from '@/lib/scan/follow-qr';
import { useT } from '../i18n-provider';
import styles from './keyword-code.module.css';

/**
 * On a phone outside WeChat: the account's name and its follow QR as an image, which the user long-presses
 * to save (or to recognise in WeChat) and so finds the account to follow and send the keyword code to.
 */
export function FollowAccount({ follow }: { follow: FollowQr }) {
  const t = useT();
  return (
    <figure className={styles.follow} data-testid="follow-account" data-qr-content={follow.url}>
      <figcaption className={styles.followName} data-testid="follow-account-name">
        {t('follow.account', { account: follow.accountName })}
      </figcaption>
      {/* biome-ignore lint/performance/noImgElement: a data: PNG drawn on the server; an <img> is what a long press saves */}
      <img
        src={follow.image}
        alt={t('follow.alt', { account: follow.accountName })}
        width={160}
        height={160}
        data-testid="follow-qr"
      />
      <p className={styles.hint}>{t('follow.hint')}</p>
    </figure>
  );
}
