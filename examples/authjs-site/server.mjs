// A minimal site that signs its users in with WeChat through WeBind, using Auth.js (@auth/express)
// and nothing WeBind-specific but configuration. Run: see README.md beside this file.
import { ExpressAuth, getSession } from '@auth/express';
import express from 'express';

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) {
    console.error(`example: ${name} is required`);
    process.exit(1);
  }
  return value;
};

const port = Number(env('PORT', '4000'));

/** @type {import('@auth/express').ExpressAuthConfig} */
const authConfig = {
  secret: env('AUTH_SECRET'),
  trustHost: true,
  providers: [
    {
      id: 'webind',
      name: '微信 WeChat (WeBind)',
      type: 'oidc',
      issuer: env('WEBIND_ISSUER'), // e.g. https://webind.example.com/oidc
      clientId: env('WEBIND_CLIENT_ID'),
      clientSecret: env('WEBIND_CLIENT_SECRET'),
      authorization: { params: { scope: 'openid email wechat' } },
      checks: ['pkce', 'state', 'nonce'],
    },
  ],
  callbacks: {
    // `profile` is the ID token's claims: keep the ones this page shows.
    jwt({ token, profile }) {
      if (profile) {
        const { sub, email, email_verified, wechat_openid, wechat_unionid, amr, acr, auth_time } = profile;
        token.claims = { sub, email, email_verified, wechat_openid, wechat_unionid, amr, acr, auth_time };
      }
      return token;
    },
    session({ session, token }) {
      session.claims = token.claims;
      return session;
    },
  },
};

const escapeHtml = (value) =>
  String(value).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );

const page = (body) => `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Example site</title>
<style>body{font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1f2328}
a.button{display:inline-block;padding:.6rem 1.1rem;border-radius:8px;background:#047a3d;color:#fff;text-decoration:none}
pre{background:#f3f4f6;padding:1rem;border-radius:8px;overflow:auto}</style></head>
<body><h1>Example site · 示例网站</h1>${body}</body></html>`;

const app = express();
app.set('trust proxy', true);
app.use('/auth', ExpressAuth(authConfig));

app.get('/', async (req, res) => {
  const session = await getSession(req, authConfig);
  if (!session?.claims) {
    res.send(
      page(`<p>你还没有登录。 You are not signed in.</p>
<p><a class="button" data-testid="rp-signin" href="/auth/signin?callbackUrl=%2F">用微信登录 Sign in with WeChat</a></p>`),
    );
    return;
  }
  res.send(
    page(`<p data-testid="rp-signed-in">已登录 Signed in as <strong>${escapeHtml(session.claims.sub)}</strong></p>
<h2>Claims</h2><pre data-testid="rp-claims">${escapeHtml(JSON.stringify(session.claims, null, 2))}</pre>
<p><a data-testid="rp-signout" href="/auth/signout">退出 Sign out</a></p>`),
  );
});

app.listen(port, () => console.log(`example site listening on http://localhost:${port}`));
