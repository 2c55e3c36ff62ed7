import type { Bilingual } from './bilingual';

type Key =
  | 'forgot.link'
  | 'forgot.title'
  | 'forgot.lead'
  | 'forgot.scanTitle'
  | 'forgot.scanLead'
  | 'forgot.or'
  | 'forgot.emailTitle'
  | 'forgot.emailLead'
  | 'forgot.emailSubmit'
  | 'forgot.emailAccepted'
  | 'forgot.codeSentTo'
  | 'forgot.codeSentScan'
  | 'forgot.notBound'
  | 'forgot.resetTitle'
  | 'forgot.code'
  | 'forgot.codeHint'
  | 'forgot.newPassword'
  | 'forgot.submit'
  | 'forgot.startOver'
  | 'forgot.done.title'
  | 'forgot.done.lead'
  | 'forgot.done.login'
  | 'forgot.backToLogin'
  | 'verify.template.validity'
  | 'verify.wechat.code'
  | 'verify.wechat.resetNotice'
  | 'verify.reply.sent'
  | 'verify.reply.again'
  | 'verify.reply.notBound'
  | 'verify.reply.rateLimited'
  | 'error.code_invalid'
  | 'error.code_format'
  | 'error.reset_target_required';

export const verify = {
  zh: {
    'forgot.link': '忘记密码？',
    'forgot.title': '找回密码',
    'forgot.lead': '验证码通过你绑定的微信发送，无需短信。',
    'forgot.scanTitle': '微信扫码获取验证码',
    'forgot.scanLead': '请用绑定了账号的微信扫码，验证码会发到该微信。',
    'forgot.or': '或',
    'forgot.emailTitle': '输入邮箱获取',
    'forgot.emailLead': '输入账号邮箱，我们会把验证码发到该账号绑定的微信。',
    'forgot.emailSubmit': '发送验证码到绑定的微信',
    'forgot.emailAccepted':
      '如果该邮箱的账号绑定了微信，我们已尝试把验证码（10 分钟内有效）发到该微信。但微信只允许公众号在你最近与它互动后（48 小时内发过消息，或 1 分钟内扫码、关注、点菜单）主动发消息，或向关注者发模板消息；否则消息发不出去，我们也无法替你确认。没收到就说明没有送达：请在左侧扫码，或把二维码下方的口令发给公众号，验证码会直接回复给你。',
    'forgot.codeSentTo': '验证码已发送到 {account} 绑定的微信，10 分钟内有效。',
    'forgot.codeSentScan': '验证码已发送到你刚才扫码的微信，10 分钟内有效。',
    'forgot.notBound': '这个微信还没有绑定账号。请用绑定了账号的微信扫码，或输入邮箱获取验证码。',
    'forgot.resetTitle': '设置新密码',
    'forgot.code': '验证码',
    'forgot.codeHint': '微信收到的 6 位数字',
    'forgot.newPassword': '新密码',
    'forgot.submit': '重置密码',
    'forgot.startOver': '没收到验证码？重新获取',
    'forgot.done.title': '密码已重置',
    'forgot.done.lead': '账号 {account} 的新密码已生效，所有设备上的登录均已退出。请用新密码登录。',
    'forgot.done.login': '去登录',
    'forgot.backToLogin': '想起密码了？返回登录',
    'verify.template.validity': '{minutes} 分钟',
    'verify.wechat.code':
      '验证码：{code}\n用于重置账号 {account} 的密码，{minutes} 分钟内有效。请勿将验证码告诉任何人；如非本人操作，请忽略。',
    'verify.wechat.resetNotice':
      '账号 {account} 的密码已重置，所有设备上的登录均已退出。如非本人操作，请立即在网站上通过“忘记密码”用本微信重新设置密码，并且不要把验证码告诉任何人。',
    'verify.reply.sent':
      '验证码已发送（见上一条消息），{minutes} 分钟内有效。请回到网页输入验证码，为账号 {account} 设置新密码。',
    'verify.reply.again': '验证码已经发送过了，请查看之前的消息。如需新的验证码，请在网页上刷新二维码后重新扫码。',
    'verify.reply.notBound':
      '这个微信还没有绑定网站账号，所以无法通过微信找回密码。请用绑定了账号的微信扫码；如果账号从未绑定微信，请联系网站管理员。',
    'verify.reply.rateLimited': '获取验证码太频繁了，请一小时后再试。已收到的验证码仍然有效。',
    'error.code_invalid': '验证码不正确或已失效（已过期、已使用或输错 5 次），请检查或重新获取',
    'error.code_format': '请输入 6 位数字验证码',
    'error.reset_target_required': '请先扫码或输入邮箱获取验证码',
  },
  en: {
    'forgot.link': 'Forgot password?',
    'forgot.title': 'Reset your password',
    'forgot.lead': 'We send the code through the WeChat bound to your account — no SMS needed.',
    'forgot.scanTitle': 'Scan to get a code',
    'forgot.scanLead': 'Scan with the WeChat bound to your account; the code is sent to that WeChat.',
    'forgot.or': 'or',
    'forgot.emailTitle': 'Use your email',
    'forgot.emailLead': 'Enter your account email and we send a code to the WeChat bound to it.',
    'forgot.emailSubmit': 'Send a code to my WeChat',
    'forgot.emailAccepted':
      'If an account with this email is bound to WeChat, we tried to send a code (valid for 10 minutes) to that WeChat. But WeChat lets an Official Account message you only shortly after you interacted with it (a message in the last 48 hours, or a scan, follow or menu tap in the last minute), or send a template message to a follower; otherwise the message cannot be delivered, and we cannot confirm it for you. Nothing arrived? Then it was not delivered: scan the QR code, or send the keyword code under it to the account, and the code comes straight back in the reply.',
    'forgot.codeSentTo': 'A code was sent to the WeChat bound to {account}; it is valid for 10 minutes.',
    'forgot.codeSentScan': 'A code was sent to the WeChat that just scanned; it is valid for 10 minutes.',
    'forgot.notBound':
      'This WeChat is not bound to an account. Scan with the WeChat bound to your account, or use your email.',
    'forgot.resetTitle': 'Choose a new password',
    'forgot.code': 'Code',
    'forgot.codeHint': 'The 6 digits you received in WeChat',
    'forgot.newPassword': 'New password',
    'forgot.submit': 'Reset password',
    'forgot.startOver': 'No code? Get a new one',
    'forgot.done.title': 'Password reset',
    'forgot.done.lead':
      'The new password of {account} is in effect, and every device was logged out. Log in with the new password.',
    'forgot.done.login': 'Log in',
    'forgot.backToLogin': 'Remembered it? Back to log in',
    'verify.template.validity': '{minutes} minutes',
    'verify.wechat.code':
      'Code: {code}\nTo reset the password of {account}; valid for {minutes} minutes. Never tell anyone this code; if this was not you, ignore this message.',
    'verify.wechat.resetNotice':
      'The password of {account} was reset and every device was logged out. If this was not you, reset it again at once with “Forgot password?” on the site using this WeChat, and never tell anyone a code.',
    'verify.reply.sent':
      'Code sent (see the message above); valid for {minutes} minutes. Go back to the web page and enter it to set a new password for {account}.',
    'verify.reply.again':
      'The code was already sent; see the earlier message. For a new code, refresh the QR code on the web page and scan again.',
    'verify.reply.notBound':
      'This WeChat is not bound to a site account, so it cannot receive a password reset code. Scan with the WeChat bound to your account; if your account was never bound, contact the site administrator.',
    'verify.reply.rateLimited':
      'Too many codes requested; please try again in an hour. Codes already received still work.',
    'error.code_invalid':
      'The code is wrong or no longer valid (expired, used, or 5 wrong tries); check it or get a new one',
    'error.code_format': 'Enter the 6-digit code',
    'error.reset_target_required': 'Scan the QR code or enter your email to get a code first',
  },
} satisfies Bilingual<Key>;
