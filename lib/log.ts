import pino, { type Logger } from 'pino';

/**
 * Structured logs: one JSON line per event in production, pretty in development.
 * Secrets never reach a line: the redaction list is the last line of defence, not the first.
 */
export function createLogger(opts: {
  production: boolean;
  level: string;
  /** Where JSON lines go instead of stdout (tests read them). */
  stream?: NodeJS.WritableStream;
}): Logger {
  const options: pino.LoggerOptions = {
    level: opts.level,
    redact: {
      paths: [
        'password',
        '*.password',
        'secret',
        '*.secret',
        'token',
        '*.token',
        'accessToken',
        '*.accessToken',
        'cookie',
        '*.cookie',
        'appSecret',
        '*.appSecret',
      ],
      censor: '[redacted]',
    },
    transport:
      opts.production || opts.stream
        ? undefined
        : { target: 'pino-pretty', options: { colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' } },
  };
  return opts.stream ? pino(options, opts.stream) : pino(options);
}

/** `oAbc…xyz` → `oAb***xyz`: enough to correlate, not enough to identify. */
export function maskOpenid(openid: string): string {
  return openid.length <= 6 ? '***' : `${openid.slice(0, 3)}***${openid.slice(-3)}`;
}

/** `alice@example.com` → `a***@example.com`. */
export function maskEmail(email: string | null): string {
  // A WeChat-only account (SIGNUP_WECHAT_ONLY=1) has no e-mail yet: name it by what it has.
  if (email === null) return '微信账号 (WeChat)';
  const at = email.indexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

export type { Logger };
