import type { Bilingual } from './bilingual';

type Key =
  | 'wechat.title'
  | 'wechat.lead'
  | 'wechat.bind'
  | 'wechat.bound'
  | 'wechat.openid'
  | 'wechat.since'
  | 'wechat.following'
  | 'wechat.following.yes'
  | 'wechat.following.no'
  | 'wechat.unbind'
  | 'wechat.unbind.confirm'
  | 'wechat.unbind.yes'
  | 'wechat.unbind.no'
  | 'wechat.unbound'
  | 'wechat.cancel'
  | 'qr.instruction'
  | 'qr.expiresIn'
  | 'qr.refreshing'
  | 'qr.retry'
  | 'qr.alt'
  | 'qr.openSimulator'
  | 'qr.loading'
  | 'qr.refresh'
  | 'qr.expiredDetail'
  | 'qr.expiresInLabel'
  | 'qr.rateLimited'
  | 'qr.rateLimitedOver'
  | 'qr.quota'
  | 'qr.quotaDetail'
  | 'qr.cantScan'
  | 'qr.keyword.send'
  | 'qr.keyword.hint'
  | 'qr.keyword.instruction'
  | 'error.qr_quota_exhausted'
  | 'scan.status.pending'
  | 'scan.status.bound'
  | 'scan.status.conflict'
  | 'scan.status.confirming'
  | 'scan.status.login_ready'
  | 'scan.status.cancelled'
  | 'scan.status.needs_binding'
  | 'scan.status.code_sent'
  | 'scan.status.expired'
  | 'scan.status.offline'
  | 'scan.status.connecting'
  | 'scan.conflict.openid_taken'
  | 'scan.conflict.user_taken'
  | 'scan.conflict.used'
  | 'scan.conflict.expired'
  | 'reply.bound'
  | 'reply.alreadyBound'
  | 'reply.conflict.openid_taken'
  | 'reply.conflict.user_taken'
  | 'reply.conflict.used'
  | 'reply.conflict.expired'
  | 'reply.unknownScene'
  | 'reply.keywordUnknown'
  | 'reply.keywordTooMany'
  | 'reply.welcome'
  | 'reply.unbound'
  | 'reply.unboundOnWeb'
  | 'reply.notBound'
  | 'error.scan_needs_login'
  | 'error.wechat_unavailable'
  | 'error.not_bound'
  | 'error.watch_token_invalid'
  | 'error.scene_not_found'
  | 'error.invalid_purpose';

export const scan = {
  zh: {
    'wechat.title': '微信绑定',
    'wechat.lead': '绑定后可用微信扫码登录，并通过微信接收验证码。',
    'wechat.bind': '绑定微信',
    'wechat.bound': '已绑定微信',
    'wechat.openid': '微信账号',
    'wechat.since': '绑定时间',
    'wechat.following': '关注公众号',
    'wechat.following.yes': '已关注',
    'wechat.following.no': '已取消关注',
    'wechat.unbind': '解除绑定',
    'wechat.unbind.confirm': '确定解除与该微信的绑定吗？解绑后将无法用微信扫码登录。',
    'wechat.unbind.yes': '确定解绑',
    'wechat.unbind.no': '取消',
    'wechat.unbound': '已解除绑定',
    'wechat.cancel': '取消',
    'qr.instruction': '请使用微信扫一扫',
    'qr.expiresIn': '{seconds} 秒后过期',
    'qr.refreshing': '二维码已过期，正在刷新…',
    'qr.retry': '重新获取二维码',
    'qr.alt': '微信二维码',
    'qr.openSimulator': '在模拟器中打开',
    'qr.loading': '正在生成二维码…',
    'qr.refresh': '点击刷新',
    'qr.expiredDetail': '为节省公众号的二维码额度，页面不再自动刷新。',
    'qr.expiresInLabel': '二维码剩余有效时间',
    'qr.rateLimited': '获取二维码太频繁，请在 {seconds} 秒后重试',
    'qr.rateLimitedOver': '现在可以重新获取二维码了',
    'qr.quota': '今天的微信二维码已用完',
    'qr.quotaDetail': '公众号今天生成二维码的次数已达微信的上限（错误码 45009）。请使用其他方式登录，或明天再试。',
    'qr.cantScan': '无法扫码？',
    'qr.keyword.send': '在微信里关注公众号「{account}」，发送以下口令：',
    'qr.keyword.hint': '口令不区分大小写，只能使用一次，过期前有效。',
    'qr.keyword.instruction': '用口令代替扫码',
    'error.qr_quota_exhausted': '今天的微信二维码已用完，请使用其他方式或明天再试',
    'scan.status.pending': '等待扫码…',
    'scan.status.bound': '绑定成功',
    'scan.status.conflict': '无法绑定',
    'scan.status.confirming': '已扫码，请在手机上确认',
    'scan.status.login_ready': '已确认，正在登录…',
    'scan.status.cancelled': '已在手机上取消',
    'scan.status.needs_binding': '该微信尚未绑定账号',
    'scan.status.code_sent': '验证码已发送到微信',
    'scan.status.expired': '二维码已过期',
    'scan.status.offline': '连接已断开，正在重新连接…',
    'scan.status.connecting': '正在连接…',
    'scan.conflict.openid_taken': '该微信已绑定其他账号，请先在那个账号中解绑',
    'scan.conflict.user_taken': '你的账号已绑定了另一个微信，请先解绑',
    'scan.conflict.used': '该二维码已被使用，请刷新后重试',
    'scan.conflict.expired': '二维码已过期，请刷新后重试',
    'reply.bound': '已绑定到账号 {account}。如非本人操作，回复“解绑”',
    'reply.alreadyBound': '该微信已绑定到账号 {account}，无需重复绑定。',
    'reply.conflict.openid_taken': '绑定失败：该微信已绑定其他账号。如需更换，请先在原账号中解绑。',
    'reply.conflict.user_taken': '绑定失败：该账号已绑定了另一个微信。',
    'reply.conflict.used': '该二维码已被使用，请在网页上刷新二维码后重试。',
    'reply.conflict.expired': '二维码已过期，请在网页上刷新二维码后重试。',
    'reply.unknownScene': '这个二维码已失效，请在网页上刷新后重新扫码。',
    'reply.keywordUnknown': '这个口令无效或已过期（每个口令只能用一次）。请在网页上查看新的口令后再发送。',
    'reply.keywordTooMany': '口令尝试次数太多，请 10 分钟后再试。',
    'reply.welcome': '欢迎关注！回复“绑定”可将微信与网站账号绑定。',
    'reply.unbound': '已解除与账号 {account} 的绑定。',
    'reply.unboundOnWeb': '你的微信已在网页上与账号 {account} 解除绑定。如非本人操作，请登录网站检查账号安全。',
    'reply.notBound': '该微信尚未绑定任何账号。',
    'error.scan_needs_login': '请先登录后再绑定微信',
    'error.wechat_unavailable': '暂时无法获取二维码（微信服务异常），请稍后重试',
    'error.not_bound': '当前账号未绑定微信',
    'error.watch_token_invalid': '无效或已过期的订阅凭证',
    'error.scene_not_found': '二维码不存在或已失效',
    'error.invalid_purpose': '不支持的二维码用途',
  },
  en: {
    'wechat.title': 'WeChat',
    'wechat.lead': 'Once bound, log in with a WeChat scan and receive verification codes in WeChat.',
    'wechat.bind': 'Bind WeChat',
    'wechat.bound': 'WeChat bound',
    'wechat.openid': 'WeChat account',
    'wechat.since': 'Bound since',
    'wechat.following': 'Following the Official Account',
    'wechat.following.yes': 'Yes',
    'wechat.following.no': 'No longer following',
    'wechat.unbind': 'Unbind',
    'wechat.unbind.confirm': 'Unbind this WeChat? You will no longer be able to log in by scanning.',
    'wechat.unbind.yes': 'Unbind',
    'wechat.unbind.no': 'Keep it',
    'wechat.unbound': 'WeChat unbound',
    'wechat.cancel': 'Cancel',
    'qr.instruction': 'Scan with WeChat',
    'qr.expiresIn': 'Expires in {seconds} s',
    'qr.refreshing': 'The QR code expired; getting a fresh one…',
    'qr.retry': 'Get a new QR code',
    'qr.alt': 'WeChat QR code',
    'qr.openSimulator': 'Open in the simulator',
    'qr.loading': 'Generating the QR code…',
    'qr.refresh': 'Refresh',
    'qr.expiredDetail': 'To save the account’s daily QR quota, the page stopped refreshing by itself.',
    'qr.expiresInLabel': 'The QR code expires in',
    'qr.rateLimited': 'Too many QR codes requested; try again in {seconds} s',
    'qr.rateLimitedOver': 'You can get a new QR code now',
    'qr.quota': 'No more WeChat QR codes today',
    'qr.quotaDetail':
      'The Official Account reached WeChat’s daily limit for QR codes (error 45009). Use another way to log in, or try again tomorrow.',
    'qr.cantScan': 'Can’t scan?',
    'qr.keyword.send': 'In WeChat, follow the Official Account “{account}” and send it this code:',
    'qr.keyword.hint': 'Upper or lower case, works once, until it expires.',
    'qr.keyword.instruction': 'Send a code instead of scanning',
    'error.qr_quota_exhausted': 'No more WeChat QR codes today; use another way or try again tomorrow',
    'scan.status.pending': 'Waiting for a scan…',
    'scan.status.bound': 'Bound',
    'scan.status.conflict': 'Could not bind',
    'scan.status.confirming': 'Scanned; confirm on your phone',
    'scan.status.login_ready': 'Confirmed; logging you in…',
    'scan.status.cancelled': 'Cancelled on the phone',
    'scan.status.needs_binding': 'This WeChat is not bound to an account yet',
    'scan.status.code_sent': 'A code was sent to your WeChat',
    'scan.status.expired': 'The QR code expired',
    'scan.status.offline': 'Connection lost; reconnecting…',
    'scan.status.connecting': 'Connecting…',
    'scan.conflict.openid_taken': 'This WeChat is bound to another account; unbind it there first',
    'scan.conflict.user_taken': 'Your account is already bound to another WeChat; unbind it first',
    'scan.conflict.used': 'This QR code was already used; refresh and try again',
    'scan.conflict.expired': 'The QR code expired; refresh and try again',
    'reply.bound': 'Bound to the account {account}. If this was not you, reply “unbind”.',
    'reply.alreadyBound': 'This WeChat is already bound to {account}.',
    'reply.conflict.openid_taken': 'Not bound: this WeChat is bound to another account. Unbind it there first.',
    'reply.conflict.user_taken': 'Not bound: that account is bound to another WeChat.',
    'reply.conflict.used': 'This QR code was already used. Refresh it on the web page and scan again.',
    'reply.conflict.expired': 'This QR code expired. Refresh it on the web page and scan again.',
    'reply.unknownScene': 'This QR code is no longer valid. Refresh it on the web page and scan again.',
    'reply.keywordUnknown':
      'This code is unknown or expired (each code works once). Look up the new code on the web page and send it again.',
    'reply.keywordTooMany': 'Too many codes tried; please wait 10 minutes.',
    'reply.welcome': 'Welcome! Reply “bind” to link your WeChat to your site account.',
    'reply.unbound': 'Unbound from the account {account}.',
    'reply.unboundOnWeb':
      'Your WeChat was unbound from the account {account} on the website. If this was not you, sign in and check your account.',
    'reply.notBound': 'This WeChat is not bound to any account.',
    'error.scan_needs_login': 'Log in before binding WeChat',
    'error.wechat_unavailable': 'Could not get a QR code (WeChat is not answering); please try again',
    'error.not_bound': 'This account has no WeChat bound',
    'error.watch_token_invalid': 'Invalid or expired watch token',
    'error.scene_not_found': 'This QR code does not exist or is no longer valid',
    'error.invalid_purpose': 'Unsupported QR purpose',
  },
} satisfies Bilingual<Key>;
