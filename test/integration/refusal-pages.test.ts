// Pages that cannot go on say why (announced) and lead back: a bind page whose login scene is gone, a
// consent page whose OpenID Connect interaction is gone.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { t } from '../../lib/i18n';
import { startTestServer, type TestServer } from '../helpers/server';

const htmlText = (text: string) => text.replace(/&/g, '&amp;').replace(/'/g, '&#x27;').replace(/"/g, '&quot;');

describe('refusal pages', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server?.stop());

  async function page(path: string, locale: 'zh' | 'en') {
    const res = await fetch(`${server.url}${path}`, { headers: { cookie: `lang=${locale}` } });
    assert.equal(res.status, 200, path);
    return res.text();
  }

  for (const locale of ['zh', 'en'] as const) {
    it(`bind-account without a waiting scene: the reason and the way back to /login (${locale})`, async () => {
      for (const path of ['/bind-account', '/bind-account?scene=wb_nope']) {
        const html = await page(path, locale);
        assert.ok(
          html.includes(`<p class="form-error" role="alert">${htmlText(t(locale, 'bindAccount.expired'))}</p>`),
          path,
        );
        assert.ok(html.includes(`<a href="/login">${htmlText(t(locale, 'bindAccount.back'))}</a>`), path);
        assert.doesNotMatch(html, /<form/, path);
      }
    });

    it(`authorize without a pending consent: the reason and the way home (${locale})`, async () => {
      const html = await page('/authorize?uid=gone', locale);
      assert.ok(html.includes(`<p class="form-error" role="alert">${htmlText(t(locale, 'oidc.consent.gone'))}</p>`));
      assert.ok(html.includes(`<a href="/">${htmlText(t(locale, 'oidc.error.back'))}</a>`));
      assert.doesNotMatch(html, /data-testid="oidc-consent"/);
    });
  }
});
