import type { Bilingual } from './bilingual';

type Key =
  | 'webAuth.title'
  | 'webAuth.back'
  | 'webAuth.settings'
  | 'webAuth.bound'
  | 'webAuth.error.state'
  | 'webAuth.error.code'
  | 'webAuth.error.snapshot'
  | 'webAuth.error.wechat'
  | 'webAuth.error.openid_taken'
  | 'webAuth.error.user_taken'
  | 'webAuth.error.signed_out'
  | 'webAuth.error.link_invalid'
  | 'webAuth.error.link_mismatch'
  | 'webAuth.error.link_used'
  | 'webAuth.settingsButton'
  | 'webAuth.settingsLead'
  | 'qr.keyword.copy'
  | 'qr.keyword.copied'
  | 'error.link_mismatch'
  | 'error.link_reader_required'
  | 'follow.account'
  | 'follow.alt'
  | 'follow.hint';

export const webAuth = {
  zh: {
    'webAuth.title': '微信网页授权',
    'webAuth.back': '返回登录',
    'webAuth.settings': '前往账户设置',
    'webAuth.bound': '已绑定：此微信已绑定到你的账户。',
    'webAuth.error.state': '授权请求已失效或不是从本浏览器发起的，请重新打开登录页。',
    'webAuth.error.code': '微信授权码无效或已被使用，请重新打开登录页。',
    'webAuth.error.snapshot': '当前是微信的快照页，无法确认你的身份。请点击页面底部的“使用完整服务”后再试。',
    'webAuth.error.wechat': '微信暂时无法完成授权（错误码 {errcode}），请稍后再试。',
    'webAuth.error.openid_taken': '此微信已绑定到另一个账户，请先在那个账户中解绑。',
    'webAuth.error.user_taken': '你的账户已绑定了另一个微信，请先解绑。',
    'webAuth.error.signed_out': '请先登录，再在账户设置中绑定微信。',
    'webAuth.error.link_invalid': '链接无效或已过期，请在公众号中重新发送“绑定”。',
    'webAuth.error.link_mismatch': '这个链接属于另一个微信用户，不能由你打开。请在公众号中自己发送“绑定”获取链接。',
    'webAuth.error.link_used': '这个链接已使用过，请在公众号中重新发送“绑定”。',
    'webAuth.settingsButton': '用当前微信绑定',
    'webAuth.settingsLead': '你正在微信中浏览：无需扫码，点击即可绑定当前微信。',
    'qr.keyword.copy': '复制口令',
    'qr.keyword.copied': '已复制，去微信粘贴发送',
    'error.link_mismatch': '这个链接属于另一个微信用户，不能由你使用。',
    'follow.account': '公众号「{account}」',
    'follow.alt': '公众号「{account}」的二维码',
    'follow.hint': '长按二维码保存图片或识别，关注公众号后发送上面的口令。',
    'error.link_reader_required': '请先确认这是你的微信：在微信中打开这个链接，或按页面提示向公众号发送口令。',
  },
  en: {
    'webAuth.title': 'WeChat web authorization',
    'webAuth.back': 'Back to sign-in',
    'webAuth.settings': 'Go to account settings',
    'webAuth.bound': 'Bound: this WeChat is now bound to your account.',
    'webAuth.error.state':
      'The authorization request expired or was not started in this browser. Open the sign-in page again.',
    'webAuth.error.code': 'The WeChat authorization code is invalid or already used. Open the sign-in page again.',
    'webAuth.error.snapshot':
      'This is a WeChat snapshot page, so you cannot be identified. Tap “使用完整服务” (full service) at the bottom, then try again.',
    'webAuth.error.wechat': 'WeChat could not complete the authorization (error {errcode}). Try again later.',
    'webAuth.error.openid_taken': 'This WeChat is bound to another account; unbind it there first.',
    'webAuth.error.user_taken': 'Your account is bound to another WeChat; unbind it first.',
    'webAuth.error.signed_out': 'Sign in first, then bind WeChat from your account settings.',
    'webAuth.error.link_invalid': 'The link is invalid or expired. Send “绑定” to the account again.',
    'webAuth.error.link_mismatch':
      'This link belongs to another WeChat user and cannot be opened by you. Send “绑定” to the account to get your own.',
    'webAuth.error.link_used': 'This link was already used. Send “绑定” to the account again.',
    'webAuth.settingsButton': 'Bind this WeChat',
    'webAuth.settingsLead': 'You are browsing inside WeChat: no scan needed, tap to bind this WeChat.',
    'qr.keyword.copy': 'Copy the code',
    'qr.keyword.copied': 'Copied: paste it in WeChat',
    'error.link_mismatch': 'This link belongs to another WeChat user and cannot be used by you.',
    'follow.account': 'Official Account “{account}”',
    'follow.alt': 'QR code of the Official Account “{account}”',
    'follow.hint': 'Long-press the QR code to save or recognise it, follow the account, then send the code above.',
    'error.link_reader_required':
      'First confirm this is your WeChat: open the link inside WeChat, or send the code the page shows to the account.',
  },
} satisfies Bilingual<Key>;
