import type { Bilingual } from './bilingual';

type Key =
  | 'login.qrTitle'
  | 'login.qrLead'
  | 'login.codeTitle'
  | 'login.codeLead'
  | 'login.or'
  | 'login.finishing'
  | 'login.cancelledHint'
  | 'login.elsewhere'
  | 'login.elsewhereContinue'
  | 'login.scanOtherDevice'
  | 'login.passwordTitle'
  | 'bindAccount.title'
  | 'bindAccount.lead'
  | 'bindAccount.loginTab'
  | 'bindAccount.registerTab'
  | 'bindAccount.loginSubmit'
  | 'bindAccount.registerSubmit'
  | 'bindAccount.expired'
  | 'bindAccount.back'
  | 'link.title'
  | 'link.lead'
  | 'link.invalid.title'
  | 'link.invalid.body'
  | 'link.expired.body'
  | 'link.used.body'
  | 'link.bound.body'
  | 'confirm.title'
  | 'confirm.lead'
  | 'confirm.site'
  | 'confirm.browser'
  | 'confirm.ip'
  | 'confirm.time'
  | 'confirm.approve'
  | 'confirm.cancel'
  | 'confirm.warning'
  | 'confirm.bindTitle'
  | 'confirm.bindLead'
  | 'confirm.binds'
  | 'confirm.bindsNew'
  | 'confirm.bindApprove'
  | 'confirm.bindWarning'
  | 'reply.login.confirmBind'
  | 'confirm.done.approved'
  | 'confirm.done.cancelled'
  | 'confirm.invalid'
  | 'confirm.handled'
  | 'reply.login.confirm'
  | 'reply.login.success'
  | 'reply.login.cancelled'
  | 'reply.login.needsBinding'
  | 'reply.login.expired'
  | 'reply.login.used'
  | 'reply.link'
  | 'reply.link.alreadyBound'
  | 'reply.link.bound'
  | 'error.browser_mismatch'
  | 'error.scene_expired'
  | 'error.scene_not_ready'
  | 'error.scene_used'
  | 'error.link_invalid'
  | 'error.link_expired'
  | 'error.link_used'
  | 'error.openid_taken'
  | 'error.user_taken'
  | 'error.confirm_invalid'
  | 'error.confirm_handled';

export const login = {
  zh: {
    'login.elsewhere': '你已在另一个标签页登录',
    'login.elsewhereContinue': '继续',
    'login.scanOtherDevice': '用另一台设备扫码',
    'login.passwordTitle': '用密码登录',
    'login.qrTitle': '微信扫码登录',
    'login.qrLead': '已绑定微信的账号，扫码后在手机上确认即可登录。',
    'login.codeTitle': '微信口令登录',
    'login.codeLead': '已绑定微信的账号，把下面的口令发给公众号，再在手机上确认即可登录。',
    'login.or': '或使用邮箱密码登录',
    'login.finishing': '正在登录…',
    'login.cancelledHint': '登录已在手机上取消。',
    'bindAccount.title': '绑定微信并登录',
    'bindAccount.lead': '这个微信还没有绑定账号。登录已有账号或注册新账号，完成后将自动绑定该微信。',
    'bindAccount.loginTab': '登录已有账号',
    'bindAccount.registerTab': '注册新账号',
    'bindAccount.loginSubmit': '登录并绑定',
    'bindAccount.registerSubmit': '注册并绑定',
    'bindAccount.expired': '扫码已失效，请返回登录页重新扫码。',
    'bindAccount.back': '返回登录页',
    'link.title': '绑定你的微信',
    'link.lead': '登录或注册网站账号，完成后该微信即与账号绑定。',
    'link.invalid.title': '链接无效',
    'link.invalid.body': '这个链接不完整或已被修改。请在公众号中回复“绑定”获取新链接。',
    'link.expired.body': '这个链接已过期（10 分钟内有效）。请在公众号中回复“绑定”获取新链接。',
    'link.used.body': '这个链接已经使用过了。如需重新绑定，请在公众号中回复“绑定”。',
    'link.bound.body': '该微信已绑定到账号 {account}。',
    'confirm.title': '确认登录',
    'confirm.lead': '有人正在使用你的微信登录以下网站：',
    'confirm.site': '网站',
    'confirm.browser': '浏览器',
    'confirm.ip': 'IP 地址',
    'confirm.time': '时间',
    'confirm.approve': '确认登录',
    'confirm.cancel': '取消',
    'confirm.warning': '如果不是你本人在电脑上操作，请点“取消”。',
    'confirm.bindTitle': '确认绑定',
    'confirm.bindLead': '有人要把你的微信绑定到以下网站的账号：',
    'confirm.binds': '绑定',
    'confirm.bindsNew': '绑定到一个新账号（将在电脑上登录或注册）',
    'confirm.bindApprove': '确认绑定',
    'confirm.bindWarning': '绑定后，用这个微信扫码就能登录那个账号。如果不是你本人在电脑上操作，请点“取消”。',
    'reply.login.confirmBind':
      '该微信尚未绑定账号。有人正在电脑上把它绑定到 {site} 的新账号：<a href="{link}">点此确认绑定</a>（如非本人操作，请忽略或在页面中点取消）',
    'confirm.done.approved': '已确认，电脑上将自动完成登录。',
    'confirm.done.cancelled': '已取消，这次登录不会生效。',
    'confirm.invalid': '确认链接无效或已过期。',
    'confirm.handled': '这次登录已经处理过了。',
    'reply.login.confirm':
      '你正在电脑上登录 {site}。<a href="{link}">点此确认登录</a>（如非本人操作，请忽略或在页面中点取消）',
    'reply.login.success': '登录成功',
    'reply.login.cancelled': '已取消登录',
    'reply.login.needsBinding': '该微信尚未绑定账号，请在电脑上登录或注册以完成绑定。',
    'reply.login.expired': '二维码已过期，请在电脑上刷新后重新扫码。',
    'reply.login.used': '该二维码已被使用，请在电脑上刷新后重新扫码。',
    'reply.link': '点击链接登录或注册，完成绑定（10 分钟内有效，仅可使用一次）：<a href="{link}">绑定账号</a>',
    'reply.link.alreadyBound': '该微信已绑定到账号 {account}。如需解绑，请回复“解绑”。',
    'reply.link.bound': '绑定成功：该微信已绑定到账号 {account}。如非本人操作，回复“解绑”',
    'error.browser_mismatch': '只能在显示二维码的浏览器中完成登录',
    'error.scene_expired': '二维码已过期，请刷新后重试',
    'error.scene_not_ready': '请先扫码并在手机上确认',
    'error.scene_used': '该二维码已被使用，请刷新后重试',
    'error.link_invalid': '链接无效或已被修改',
    'error.link_expired': '链接已过期',
    'error.link_used': '链接已使用过',
    'error.openid_taken': '该微信已绑定其他账号',
    'error.user_taken': '该账号已绑定了另一个微信，请先解绑',
    'error.confirm_invalid': '确认链接无效或已过期',
    'error.confirm_handled': '这次登录已经处理过了',
  },
  en: {
    'login.elsewhere': 'You logged in in another tab',
    'login.elsewhereContinue': 'Continue',
    'login.scanOtherDevice': 'Scan from another device',
    'login.passwordTitle': 'Log in with a password',
    'login.qrTitle': 'Log in with WeChat',
    'login.qrLead': 'If your account has WeChat bound, scan and confirm on your phone.',
    'login.codeTitle': 'Log in with a WeChat code',
    'login.codeLead':
      'If your account has WeChat bound, send the code below to the Official Account and confirm on your phone.',
    'login.or': 'Or log in with email and password',
    'login.finishing': 'Logging you in…',
    'login.cancelledHint': 'The login was cancelled on the phone.',
    'bindAccount.title': 'Bind WeChat and log in',
    'bindAccount.lead':
      'This WeChat is not bound to an account yet. Log in or sign up; your WeChat is bound when you are done.',
    'bindAccount.loginTab': 'I have an account',
    'bindAccount.registerTab': 'Sign up',
    'bindAccount.loginSubmit': 'Log in and bind',
    'bindAccount.registerSubmit': 'Sign up and bind',
    'bindAccount.expired': 'The scan is no longer valid; go back to the login page and scan again.',
    'bindAccount.back': 'Back to log in',
    'link.title': 'Bind your WeChat',
    'link.lead': 'Log in or sign up; your WeChat is bound to the account when you are done.',
    'link.invalid.title': 'Invalid link',
    'link.invalid.body': 'This link is incomplete or was changed. Reply “bind” to the Official Account for a new one.',
    'link.expired.body': 'This link expired (it lasts 10 minutes). Reply “bind” to the Official Account for a new one.',
    'link.used.body': 'This link was already used. Reply “bind” to the Official Account to bind again.',
    'link.bound.body': 'This WeChat is already bound to {account}.',
    'confirm.title': 'Confirm login',
    'confirm.lead': 'Someone is logging in to this site with your WeChat:',
    'confirm.site': 'Site',
    'confirm.browser': 'Browser',
    'confirm.ip': 'IP address',
    'confirm.time': 'Time',
    'confirm.approve': 'Confirm login',
    'confirm.cancel': 'Cancel',
    'confirm.warning': 'If this is not you at a computer, tap “Cancel”.',
    'confirm.bindTitle': 'Confirm binding',
    'confirm.bindLead': 'Someone wants to bind your WeChat to an account on this site:',
    'confirm.binds': 'Binding',
    'confirm.bindsNew': 'binds to a new account (logged in or signed up on the computer)',
    'confirm.bindApprove': 'Confirm binding',
    'confirm.bindWarning':
      'Once bound, scanning with this WeChat logs in to that account. If this is not you at a computer, tap “Cancel”.',
    'reply.login.confirmBind':
      'This WeChat is not bound yet. Someone on a computer is binding it to a new account on {site}: <a href="{link}">Tap to confirm</a> (if this is not you, ignore it or tap cancel on that page)',
    'confirm.done.approved': 'Confirmed; the computer will finish logging in.',
    'confirm.done.cancelled': 'Cancelled; this login will not happen.',
    'confirm.invalid': 'This confirmation link is invalid or expired.',
    'confirm.handled': 'This login was already handled.',
    'reply.login.confirm':
      'You are logging in to {site} on a computer. <a href="{link}">Tap to confirm</a> (if this is not you, ignore it or tap cancel on that page)',
    'reply.login.success': 'Logged in',
    'reply.login.cancelled': 'Login cancelled',
    'reply.login.needsBinding':
      'This WeChat is not bound to an account yet; log in or sign up on the computer to bind it.',
    'reply.login.expired': 'The QR code expired; refresh it on the computer and scan again.',
    'reply.login.used': 'This QR code was already used; refresh it on the computer and scan again.',
    'reply.link': 'Log in or sign up to bind (valid 10 minutes, once): <a href="{link}">Bind account</a>',
    'reply.link.alreadyBound': 'This WeChat is already bound to {account}. Reply “unbind” to undo.',
    'reply.link.bound': 'Bound: this WeChat is now bound to {account}. If this was not you, reply “unbind”.',
    'error.browser_mismatch': 'Finish the login in the browser that showed the QR code',
    'error.scene_expired': 'The QR code expired; refresh and try again',
    'error.scene_not_ready': 'Scan and confirm on your phone first',
    'error.scene_used': 'This QR code was already used; refresh and try again',
    'error.link_invalid': 'The link is invalid or was changed',
    'error.link_expired': 'The link expired',
    'error.link_used': 'The link was already used',
    'error.openid_taken': 'This WeChat is bound to another account',
    'error.user_taken': 'This account is bound to another WeChat; unbind it first',
    'error.confirm_invalid': 'The confirmation link is invalid or expired',
    'error.confirm_handled': 'This login was already handled',
  },
} satisfies Bilingual<Key>;
