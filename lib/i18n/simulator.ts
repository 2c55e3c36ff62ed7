import type { Bilingual } from './bilingual';

type Key =
  | 'sim.title'
  | 'sim.lead'
  | 'sim.phone'
  | 'sim.console'
  | 'sim.connecting'
  | 'sim.offline'
  | 'sim.user'
  | 'sim.user.pick'
  | 'sim.user.none'
  | 'sim.user.new'
  | 'sim.user.create'
  | 'sim.user.following'
  | 'sim.user.notFollowing'
  | 'sim.follow'
  | 'sim.unfollow'
  | 'sim.qrs'
  | 'sim.qrs.empty'
  | 'sim.qrs.more'
  | 'sim.qrs.scan'
  | 'sim.qrs.expiresIn'
  | 'sim.qrs.permanent'
  | 'sim.qrs.fromLink'
  | 'sim.qrs.scans'
  | 'sim.paste'
  | 'sim.paste.scan'
  | 'sim.chat.placeholder'
  | 'sim.chat.send'
  | 'sim.chat.empty'
  | 'sim.chat.sending'
  | 'sim.chat.keyboard'
  | 'sim.chat.menu'
  | 'sim.menu.bind'
  | 'sim.menu.site'
  | 'sim.profile.lead'
  | 'sim.profile.follow'
  | 'sim.profile.pick'
  | 'sim.notice.followed'
  | 'sim.notice.unfollowed'
  | 'sim.notice.scanned'
  | 'sim.notice.clicked'
  | 'sim.notice.viewed'
  | 'sim.notice.qr_expired'
  | 'sim.notice.qr_unknown'
  | 'sim.notice.unavailable'
  | 'sim.toast.qr_expired'
  | 'sim.toast.qr_unknown'
  | 'sim.toast.not_following'
  | 'sim.toast.failed'
  | 'sim.browser.close'
  | 'sim.browser.newTab'
  | 'sim.browser.address'
  | 'sim.browser.open'
  | 'sim.browser.badUrl'
  | 'sim.template.details'
  | 'sim.news.read'
  | 'sim.faults'
  | 'sim.faults.latency'
  | 'sim.faults.apply'
  | 'sim.faults.failNext'
  | 'sim.faults.errcode'
  | 'sim.faults.count'
  | 'sim.faults.invalidate'
  | 'sim.faults.reset'
  | 'sim.faults.active'
  | 'sim.faults.none'
  | 'sim.rules'
  | 'sim.rules.qrQuota'
  | 'sim.rules.serviceWindow'
  | 'sim.rules.templateRules'
  | 'sim.rules.accountType'
  | 'sim.rules.ipAllowlist'
  | 'sim.rules.userInfoPrivacy'
  | 'sim.rules.subscription'
  | 'sim.rules.qrLimit';

export const simulator = {
  zh: {
    'sim.title': '微信模拟器',
    'sim.lead': '无需微信账号和公网地址：在这里扫码、关注、发消息，应用收到的与真实微信推送完全一致。',
    'sim.phone': '模拟手机',
    'sim.console': '控制台',
    'sim.connecting': '正在连接模拟器…',
    'sim.offline': '与模拟器的连接已断开，正在重连…',
    'sim.user': '微信用户',
    'sim.user.pick': '选择用户',
    'sim.user.none': '还没有用户，先新建一个',
    'sim.user.new': '新用户昵称',
    'sim.user.create': '新建',
    'sim.user.following': '已关注',
    'sim.user.notFollowing': '未关注',
    'sim.follow': '关注公众号',
    'sim.unfollow': '取消关注',
    'sim.qrs': '应用正在展示的二维码',
    'sim.qrs.empty': '暂无有效二维码。在网站上点击“绑定微信”或打开登录页即可生成。',
    'sim.qrs.more': '还有 {count} 个更早的二维码未显示',
    'sim.qrs.scan': '扫一扫',
    'sim.qrs.expiresIn': '{seconds} 秒后过期',
    'sim.qrs.permanent': '永久二维码',
    'sim.qrs.fromLink': '来自网页的二维码',
    'sim.qrs.scans': '已扫 {count} 次',
    'sim.paste': '二维码内容',
    'sim.paste.scan': '扫描',
    'sim.chat.placeholder': '发消息',
    'sim.chat.send': '发送',
    'sim.chat.empty': '暂无消息',
    'sim.chat.sending': '发送中…',
    'sim.chat.keyboard': '切换到键盘',
    'sim.chat.menu': '切换到菜单',
    'sim.menu.bind': '绑定账号',
    'sim.menu.site': '访问网站',
    'sim.profile.lead': '关注后可扫码登录、接收验证码。',
    'sim.profile.follow': '关注公众号',
    'sim.profile.pick': '在控制台中选择或新建一个微信用户',
    'sim.notice.followed': '你关注了公众号',
    'sim.notice.unfollowed': '你取消关注了公众号',
    'sim.notice.scanned': '你扫描了公众号的二维码',
    'sim.notice.clicked': '你点击了菜单',
    'sim.notice.viewed': '你打开了菜单链接',
    'sim.notice.qr_expired': '二维码已过期',
    'sim.notice.qr_unknown': '未识别的二维码',
    'sim.notice.unavailable': '该公众号暂时无法提供服务，请稍后再试',
    'sim.toast.qr_expired': '二维码已过期，请在网页上刷新后重试',
    'sim.toast.qr_unknown': '无法识别该二维码',
    'sim.toast.not_following': '请先关注公众号',
    'sim.toast.failed': '操作失败',
    'sim.browser.close': '关闭',
    'sim.browser.newTab': '在新标签页打开',
    'sim.browser.address': '在手机微信里打开的网址',
    'sim.browser.open': '在微信中打开',
    'sim.browser.badUrl': '只能打开 http 或 https 网址',
    'sim.template.details': '详情',
    'sim.news.read': '阅读全文',
    'sim.faults': '故障注入（模拟微信接口）',
    'sim.faults.latency': '接口延迟（毫秒）',
    'sim.faults.apply': '应用',
    'sim.faults.failNext': '让接下来的调用失败',
    'sim.faults.errcode': '错误码（或 HTTP 5xx）',
    'sim.faults.count': '次数',
    'sim.faults.invalidate': '使 access_token 失效',
    'sim.faults.reset': '清除故障',
    'sim.faults.active': '当前：延迟 {latency} 毫秒，待失败 {failures} 次',
    'sim.faults.none': '当前没有故障',
    'sim.rules': '微信规则（默认全部开启）',
    'sim.rules.qrQuota': '二维码每日额度（45009）',
    'sim.rules.serviceWindow': '客服消息时限与条数（45015 / 45047）',
    'sim.rules.templateRules': '模板消息规则（43004；不展示 first/remark，每项 20 字）',
    'sim.rules.accountType': '账号类型（订阅号：带参二维码与模板消息 48001，网页授权 10005）',
    'sim.rules.ipAllowlist': 'IP 白名单（40164）',
    'sim.rules.userInfoPrivacy': '用户信息不含昵称与头像',
    'sim.rules.subscription': '模拟订阅号',
    'sim.rules.qrLimit': '二维码每日额度（今日已用 {used}）',
  },
  en: {
    'sim.title': 'WeChat simulator',
    'sim.lead':
      'No WeChat account or public URL needed: scan, follow and chat here, and the app receives exactly what WeChat would push.',
    'sim.phone': 'Simulated phone',
    'sim.console': 'Console',
    'sim.connecting': 'Connecting to the simulator…',
    'sim.offline': 'Lost the connection to the simulator; reconnecting…',
    'sim.user': 'WeChat user',
    'sim.user.pick': 'Pick a user',
    'sim.user.none': 'No users yet; create one first',
    'sim.user.new': 'New user’s nickname',
    'sim.user.create': 'Create',
    'sim.user.following': 'Following',
    'sim.user.notFollowing': 'Not following',
    'sim.follow': 'Follow the account',
    'sim.unfollow': 'Unfollow',
    'sim.qrs': 'QR codes the app is showing',
    'sim.qrs.empty': 'No live QR code. Click “Bind WeChat” on the site, or open the login page, to make one.',
    'sim.qrs.more': '{count} older QR codes not shown',
    'sim.qrs.scan': 'Scan',
    'sim.qrs.expiresIn': 'Expires in {seconds} s',
    'sim.qrs.permanent': 'Permanent QR code',
    'sim.qrs.fromLink': 'QR code from the web page',
    'sim.qrs.scans': 'Scanned {count}×',
    'sim.paste': 'QR content',
    'sim.paste.scan': 'Scan',
    'sim.chat.placeholder': 'Message',
    'sim.chat.send': 'Send',
    'sim.chat.empty': 'No messages yet',
    'sim.chat.sending': 'Sending…',
    'sim.chat.keyboard': 'Switch to keyboard',
    'sim.chat.menu': 'Switch to menu',
    'sim.menu.bind': 'Bind account',
    'sim.menu.site': 'Visit site',
    'sim.profile.lead': 'Follow to log in by scanning and to receive verification codes.',
    'sim.profile.follow': 'Follow',
    'sim.profile.pick': 'Pick or create a WeChat user in the console',
    'sim.notice.followed': 'You followed the account',
    'sim.notice.unfollowed': 'You unfollowed the account',
    'sim.notice.scanned': 'You scanned the account’s QR code',
    'sim.notice.clicked': 'You tapped a menu item',
    'sim.notice.viewed': 'You opened a menu link',
    'sim.notice.qr_expired': 'The QR code has expired',
    'sim.notice.qr_unknown': 'Unrecognised QR code',
    'sim.notice.unavailable': 'This account cannot provide service at the moment. Please try again later.',
    'sim.toast.qr_expired': 'The QR code has expired; refresh it on the web page and try again',
    'sim.toast.qr_unknown': 'This QR code could not be recognised',
    'sim.toast.not_following': 'Follow the account first',
    'sim.toast.failed': 'That did not work',
    'sim.browser.close': 'Close',
    'sim.browser.newTab': 'Open in a new tab',
    'sim.browser.address': 'Address to open in the phone’s WeChat',
    'sim.browser.open': 'Open in WeChat',
    'sim.browser.badUrl': 'Only http or https addresses can be opened',
    'sim.template.details': 'Details',
    'sim.news.read': 'Read more',
    'sim.faults': 'Fault injection (mock WeChat API)',
    'sim.faults.latency': 'API latency (ms)',
    'sim.faults.apply': 'Apply',
    'sim.faults.failNext': 'Fail the next calls',
    'sim.faults.errcode': 'errcode (or HTTP 5xx)',
    'sim.faults.count': 'Count',
    'sim.faults.invalidate': 'Invalidate the access_token',
    'sim.faults.reset': 'Clear faults',
    'sim.faults.active': 'Now: {latency} ms latency, {failures} failing calls pending',
    'sim.faults.none': 'No faults',
    'sim.rules': "WeChat's rules (all on by default)",
    'sim.rules.qrQuota': 'Daily QR quota (45009)',
    'sim.rules.serviceWindow': 'Customer-service windows and counts (45015 / 45047)',
    'sim.rules.templateRules': 'Template rules (43004; no first/remark, 20 characters a value)',
    'sim.rules.accountType':
      'Account type (a subscription account: 48001 for parametric QRs and templates, 10005 for web authorization)',
    'sim.rules.ipAllowlist': 'IP allowlist (40164)',
    'sim.rules.userInfoPrivacy': 'user/info without nickname and avatar',
    'sim.rules.subscription': 'Act as a subscription account',
    'sim.rules.qrLimit': 'Daily QR quota (used today: {used})',
  },
} satisfies Bilingual<Key>;
