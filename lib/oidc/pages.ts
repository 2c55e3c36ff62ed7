import { LOCALE_COOKIE, type Locale, pickLocale, t } from '../i18n';

/** The few pages oidc-provider renders itself (errors, logout), in WeBind's look and the user's language. */
export function localeOfHeaders(cookie: string | undefined, acceptLanguage: string | undefined): Locale {
  const found = (cookie ?? '')
    .split(';')
    .map((c) => c.trim().split('='))
    .find(([name]) => name === LOCALE_COOKIE)?.[1];
  return pickLocale(found, acceptLanguage);
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export function page(locale: Locale, title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="${locale === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · WeBind</title>
<style>
body{margin:0;background:#f3f4f6;color:#1f2328;font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif}
main{max-width:28rem;margin:4rem auto;padding:0 1rem}
.card{background:#fff;border-radius:12px;padding:1.5rem 1.75rem;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h1{font-size:1.35rem;margin:0 0 .75rem}
p{line-height:1.6}
.actions{display:flex;gap:.75rem;margin-top:1.25rem}
button,a.button{font:inherit;padding:.6rem 1.1rem;border-radius:8px;border:1px solid #d0d7de;background:#fff;color:#1f2328;cursor:pointer;text-decoration:none}
button.primary{background:#047a3d;border-color:#047a3d;color:#fff}
.error{color:#b42318}
</style>
</head>
<body><main><div class="card">${body}</div></main></body>
</html>`;
}

export function errorPage(locale: Locale, error: string): string {
  return page(
    locale,
    t(locale, 'oidc.error.title'),
    `<h1>${escapeHtml(t(locale, 'oidc.error.title'))}</h1>
<p class="error" role="alert">${escapeHtml(t(locale, 'oidc.error.lead', { error }))}</p>
<p><a href="/">${escapeHtml(t(locale, 'oidc.error.back'))}</a></p>`,
  );
}

/** `form` is oidc-provider's own hidden form (it carries the xsrf token); the buttons submit it. */
export function logoutPage(locale: Locale, host: string, form: string): string {
  return page(
    locale,
    t(locale, 'oidc.logout.title'),
    `<h1>${escapeHtml(t(locale, 'oidc.logout.title'))}</h1>
<p>${escapeHtml(t(locale, 'oidc.logout.lead', { host }))}</p>
${form}
<div class="actions">
<button class="primary" autofocus type="submit" form="op.logoutForm" value="yes" name="logout" data-testid="oidc-logout-yes">${escapeHtml(t(locale, 'oidc.logout.yes'))}</button>
<button type="submit" form="op.logoutForm">${escapeHtml(t(locale, 'oidc.logout.no'))}</button>
</div>`,
  );
}

export function loggedOutPage(locale: Locale): string {
  return page(
    locale,
    t(locale, 'oidc.logout.done'),
    `<h1>${escapeHtml(t(locale, 'oidc.logout.done'))}</h1><p>${escapeHtml(t(locale, 'oidc.logout.doneLead'))}</p>`,
  );
}
