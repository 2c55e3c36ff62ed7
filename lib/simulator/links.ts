// Splits a WeChat text message into text and links, the way the WeChat client shows them: text messages
// may carry `<a href="…">label</a>` and bare http(s) URLs become tappable too. Browser-safe.

export type TextSegment = { type: 'text'; text: string } | { type: 'link'; href: string; text: string };

const TOKEN = /<a\s+[^>]*?href\s*=\s*(["'])(.*?)\1[^>]*>([\s\S]*?)<\/a>|(https?:\/\/[^\s<>"'，。；！？）)]+)/gi;

/**
 * @example splitLinks('去 <a href="https://x.test/a">登录</a>') // [{type:'text',text:'去 '},{type:'link',href:'https://x.test/a',text:'登录'}]
 */
export function splitLinks(text: string): TextSegment[] {
  const out: TextSegment[] = [];
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    const start = m.index ?? 0;
    if (start > last) out.push({ type: 'text', text: text.slice(last, start) });
    const href = m[2] ?? m[4] ?? '';
    const label = m[3] !== undefined ? stripTags(m[3]) : href;
    // Only http(s) links open; anything else (javascript:, data:) stays visible as text.
    if (/^https?:\/\//i.test(href)) out.push({ type: 'link', href, text: label || href });
    else out.push({ type: 'text', text: label });
    last = start + m[0].length;
  }
  if (last < text.length) out.push({ type: 'text', text: text.slice(last) });
  return out;
}

function stripTags(html: string): string {
  return html.replace(/<[^>]*>/g, '');
}
