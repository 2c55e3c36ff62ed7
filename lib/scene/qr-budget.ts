import type { Ctx } from '../context';
import { limit } from '../rate-limit';
import { WeChatErrcode, type WeChatClient } from '../wechat';

/**
 * What one QR costs and how WeBind keeps the account's qrcode/create quota (100,000 a day by default;
 * 45009 once spent, until midnight Beijing time: 接口调用频次限制说明,
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/API_Call_Limits.html) for its users:
 * a global hourly budget besides the per-IP and per-user limits, the quota read at start and hourly with a
 * warning at 80 %, and one error log when WeChat says it is spent.
 */
export const QR_CGI_PATH = '/cgi-bin/qrcode/create';
export const QR_QUOTA_WARN_RATIO = 0.8;
const HOUR = 3600_000;

/** Counts one QR creation against the hour's budget shared by every instance; RateLimitedError when spent. */
export async function spendQrBudget(ctx: Pick<Ctx, 'repos' | 'now'>, hourlyBudget: number): Promise<void> {
  await limit(ctx, 'qr:global', hourlyBudget, HOUR);
}

let quotaSpentLogged = false;

/** WeChat answered 45009: log it as an error once, not once per visitor. */
export function noteQrQuotaSpent(log: Ctx['log'], purpose: string): void {
  if (quotaSpentLogged) return;
  quotaSpentLogged = true;
  log.error(
    { errcode: WeChatErrcode.DAILY_QUOTA, purpose },
    'qrcode/create quota spent (45009): no new QR until midnight Beijing time or clear_quota; the pages say so',
  );
}

/** A QR was created again: the next 45009 is news worth an error log. */
export function noteQrCreated(): void {
  quotaSpentLogged = false;
}

export interface QrQuotaReading {
  at: number;
  dailyLimit: number;
  used: number;
  remain: number;
}

/**
 * Reads qrcode/create's quota through `openapi/quota/get` now and then every hour; logs a warning when 80 %
 * or more is used. Returns a stop function and the last reading.
 */
export function watchQrQuota(deps: {
  wechat: Pick<WeChatClient, 'getApiQuota'>;
  log: Ctx['log'];
  now: () => number;
  everyMs?: number;
  /** Told every reading (the metrics gauge). */
  onReading?: (reading: QrQuotaReading) => void;
}): { stop(): void; last(): QrQuotaReading | null; check(): Promise<QrQuotaReading | null> } {
  let last: QrQuotaReading | null = null;
  let inFlight: Promise<QrQuotaReading | null> | null = null;
  // One request at a time: a scrape during the start-up read waits for it instead of asking WeChat again.
  const check = (): Promise<QrQuotaReading | null> => {
    inFlight ??= read().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
  const read = async (): Promise<QrQuotaReading | null> => {
    try {
      const quota = await deps.wechat.getApiQuota(QR_CGI_PATH);
      last = { at: deps.now(), ...quota };
      deps.onReading?.(last);
      const ratio = quota.dailyLimit > 0 ? quota.used / quota.dailyLimit : 1;
      if (ratio >= QR_QUOTA_WARN_RATIO) {
        deps.log.warn(
          { used: quota.used, dailyLimit: quota.dailyLimit, remain: quota.remain },
          `qrcode/create quota ${Math.round(ratio * 100)} % used today`,
        );
      } else {
        deps.log.info({ used: quota.used, dailyLimit: quota.dailyLimit }, 'qrcode/create quota read');
      }
      return last;
    } catch (err) {
      deps.log.warn(
        { errcode: (err as { errcode?: number }).errcode, err: (err as Error).message },
        'qrcode/create quota could not be read',
      );
      return null;
    }
  };
  void check();
  const timer = setInterval(() => void check(), deps.everyMs ?? HOUR);
  timer.unref();
  return { stop: () => clearInterval(timer), last: () => last, check };
}
