import type { Bilingual } from './index';

// The admin console (/admin) and the setup doctor (npm run doctor, the health page).
type Key =
  | 'admin.title'
  | 'admin.nav.overview'
  | 'admin.nav.bindings'
  | 'admin.nav.audit'
  | 'admin.nav.health'
  | 'admin.link'
  | 'admin.overview.lead'
  | 'admin.live.on'
  | 'admin.live.off'
  | 'admin.chart.scans'
  | 'admin.chart.outcomes'
  | 'admin.chart.push'
  | 'admin.chart.webhook'
  | 'admin.chart.sockets'
  | 'admin.chart.now'
  | 'admin.series.bind'
  | 'admin.series.login'
  | 'admin.series.verify'
  | 'admin.series.checkin'
  | 'admin.series.link'
  | 'admin.series.binds'
  | 'admin.series.logins'
  | 'admin.series.conflicts'
  | 'admin.series.sockets'
  | 'admin.series.wechatLimit'
  | 'admin.bindings.search'
  | 'admin.bindings.query'
  | 'admin.bindings.queryHint'
  | 'admin.bindings.submit'
  | 'admin.bindings.none'
  | 'admin.bindings.count'
  | 'admin.col.account'
  | 'admin.col.id'
  | 'admin.col.url'
  | 'admin.col.openid'
  | 'admin.col.boundAt'
  | 'admin.col.following'
  | 'admin.col.time'
  | 'admin.col.action'
  | 'admin.col.detail'
  | 'admin.col.user'
  | 'admin.notBound'
  | 'admin.yes'
  | 'admin.no'
  | 'admin.history'
  | 'admin.history.title'
  | 'admin.history.empty'
  | 'admin.unbind.title'
  | 'admin.unbind.reason'
  | 'admin.unbind.submit'
  | 'admin.unbind.done'
  | 'admin.audit.kind'
  | 'admin.audit.anyKind'
  | 'admin.audit.account'
  | 'admin.audit.openid'
  | 'admin.audit.from'
  | 'admin.audit.to'
  | 'admin.audit.filter'
  | 'admin.audit.export'
  | 'admin.audit.empty'
  | 'admin.audit.more'
  | 'admin.health.quota'
  | 'admin.health.quotaValue'
  | 'admin.health.quotaError'
  | 'admin.health.token'
  | 'admin.health.tokenAge'
  | 'admin.health.tokenNone'
  | 'admin.health.tokenError'
  | 'admin.health.tokenErrorValue'
  | 'admin.health.noError'
  | 'admin.health.lastWebhook'
  | 'admin.health.lastWebhookValue'
  | 'admin.health.never'
  | 'admin.health.outgoing'
  | 'admin.health.outgoingNone'
  | 'admin.health.col.endpoint'
  | 'admin.health.col.pending'
  | 'admin.health.col.delivered'
  | 'admin.health.col.failed'
  | 'admin.health.col.lastDelivered'
  | 'admin.health.col.lastFailure'
  | 'admin.health.noAnswer'
  | 'admin.bindings.hostTitle'
  | 'admin.col.externalUserId'
  | 'admin.col.apiKey'
  | 'admin.health.doctor'
  | 'admin.health.doctorLead'
  | 'admin.health.run'
  | 'admin.health.running'
  | 'admin.health.fix'
  | 'doctor.state.pass'
  | 'doctor.state.fail'
  | 'doctor.state.skip'
  | 'doctor.check.token'
  | 'doctor.check.ip_allowlist'
  | 'doctor.check.qrcode'
  | 'doctor.check.quota'
  | 'doctor.check.template'
  | 'doctor.check.menu'
  | 'doctor.check.public_url'
  | 'doctor.check.app_secret'
  | 'doctor.check.database'
  | 'doctor.check.redis'
  | 'doctor.summary'
  | 'doctor.needsToken'
  | 'doctor.token.pass'
  | 'doctor.token.failIp'
  | 'doctor.token.fixIp'
  | 'doctor.token.fail'
  | 'doctor.token.fixAppid'
  | 'doctor.token.fixSecret'
  | 'doctor.token.fixNetwork'
  | 'doctor.token.fixOther'
  | 'doctor.ip_allowlist.pass'
  | 'doctor.ip_allowlist.fail'
  | 'doctor.ip_allowlist.fix'
  | 'doctor.qrcode.pass'
  | 'doctor.qrcode.subscription'
  | 'doctor.qrcode.fail48001'
  | 'doctor.qrcode.fix48001'
  | 'doctor.qrcode.failQuota'
  | 'doctor.qrcode.fail'
  | 'doctor.quota.pass'
  | 'doctor.quota.fail'
  | 'doctor.quota.fix'
  | 'doctor.template.pass'
  | 'doctor.template.none'
  | 'doctor.template.missing'
  | 'doctor.template.fixMissing'
  | 'doctor.template.fields'
  | 'doctor.template.fixFields'
  | 'doctor.menu.pass'
  | 'doctor.menu.fail'
  | 'doctor.menu.closed'
  | 'doctor.menu.fix'
  | 'doctor.public_url.pass'
  | 'doctor.public_url.dev'
  | 'doctor.public_url.unset'
  | 'doctor.public_url.http'
  | 'doctor.public_url.fix'
  | 'doctor.app_secret.pass'
  | 'doctor.app_secret.fail'
  | 'doctor.app_secret.fix'
  | 'doctor.database.pass'
  | 'doctor.database.fail'
  | 'doctor.database.fix'
  | 'doctor.redis.pass'
  | 'doctor.redis.none'
  | 'doctor.redis.fail'
  | 'doctor.redis.fix'
  | 'doctor.wechat.fail'
  | 'doctor.wechat.fixOther'
  | 'error.admin_only'
  | 'error.reason_required'
  | 'error.user_not_found'
  | 'error.invalid_time';

export const admin = {
  zh: {
    'admin.title': '运营后台',
    'admin.nav.overview': '概览',
    'admin.nav.bindings': '绑定',
    'admin.nav.audit': '审计日志',
    'admin.nav.health': '健康检查',
    'admin.link': '后台',
    'admin.overview.lead': '最近一小时，每分钟一个点，实时推送。',
    'admin.live.on': '实时',
    'admin.live.off': '连接已断开，正在重连…',
    'admin.chart.scans': '每分钟扫码次数（按用途）',
    'admin.chart.outcomes': '绑定、登录与冲突',
    'admin.chart.push': '推送延迟（收到回调 → 浏览器收到，毫秒）',
    'admin.chart.webhook': '回调处理时间（毫秒，微信 5 秒超时）',
    'admin.chart.sockets': '在线连接数',
    'admin.chart.now': '本分钟',
    'admin.series.bind': '绑定',
    'admin.series.login': '登录',
    'admin.series.verify': '验证',
    'admin.series.checkin': '签到',
    'admin.series.link': '链接验证',
    'admin.series.binds': '绑定成功',
    'admin.series.logins': '登录',
    'admin.series.conflicts': '冲突',
    'admin.series.sockets': '连接',
    'admin.series.wechatLimit': '微信超时 5 秒',
    'admin.bindings.search': '搜索账号',
    'admin.bindings.query': '邮箱、openid 或外部用户 ID',
    'admin.bindings.queryHint': '邮箱可输入一部分；openid 和外部用户 ID 需完整',
    'admin.bindings.submit': '搜索',
    'admin.bindings.none': '没有找到匹配的账号',
    'admin.bindings.count': '找到 {count} 个账号',
    'admin.col.account': '账号',
    'admin.col.id': 'ID',
    'admin.col.url': 'URL',
    'admin.col.openid': 'openid',
    'admin.col.boundAt': '绑定时间',
    'admin.col.following': '关注',
    'admin.col.time': '时间',
    'admin.col.action': '事件',
    'admin.col.detail': '详情',
    'admin.col.user': '用户',
    'admin.notBound': '未绑定',
    'admin.yes': '是',
    'admin.no': '否',
    'admin.history': '历史',
    'admin.history.title': '账号 {email}',
    'admin.history.empty': '审计日志中没有记录',
    'admin.unbind.title': '强制解绑',
    'admin.unbind.reason': '原因（会记入审计日志）',
    'admin.unbind.submit': '解绑',
    'admin.unbind.done': '已解绑',
    'admin.audit.kind': '事件类型',
    'admin.audit.anyKind': '全部',
    'admin.audit.account': '账号邮箱',
    'admin.audit.openid': 'openid',
    'admin.audit.from': '开始时间',
    'admin.audit.to': '结束时间',
    'admin.audit.filter': '筛选',
    'admin.audit.export': '导出 CSV',
    'admin.audit.empty': '没有符合条件的记录',
    'admin.audit.more': '更早的记录',
    'admin.health.quota': '二维码接口今日配额',
    'admin.health.quotaValue': '已用 {used} / {limit}，剩余 {remain}',
    'admin.health.quotaError': '查询失败：{error}',
    'admin.health.token': 'Access token',
    'admin.health.tokenAge': '{age} 前刷新，{left} 后过期',
    'admin.health.tokenNone': '本实例尚未取得',
    'admin.health.tokenError': '上次刷新失败',
    'admin.health.tokenErrorValue': '{time}：{message}',
    'admin.health.noError': '无',
    'admin.health.lastWebhook': '最近一次收到回调',
    'admin.health.lastWebhookValue': '{age} 前（{kind}，{outcome}，{duration} 毫秒）',
    'admin.health.never': '从未',
    'admin.health.outgoing': '对外 Webhook 投递',
    'admin.health.outgoingNone': '未配置对外 Webhook',
    'admin.health.col.endpoint': '端点',
    'admin.health.col.pending': '待投递',
    'admin.health.col.delivered': '已投递',
    'admin.health.col.failed': '已放弃',
    'admin.health.col.lastDelivered': '最近投递成功',
    'admin.health.col.lastFailure': '最近一次失败',
    'admin.health.noAnswer': '无响应',
    'admin.bindings.hostTitle': '接入站点的绑定（按外部用户 ID 或 openid）',
    'admin.col.externalUserId': '外部用户 ID',
    'admin.col.apiKey': 'API 密钥',
    'admin.health.doctor': '配置检查',
    'admin.health.doctorLead': '与 npm run doctor 相同的检查；会创建一个 60 秒的二维码（计入今日配额）。',
    'admin.health.run': '运行检查',
    'admin.health.running': '检查中…',
    'admin.health.fix': '修复：',
    'doctor.state.pass': '通过',
    'doctor.state.fail': '失败',
    'doctor.state.skip': '跳过',
    'doctor.check.token': 'Access token',
    'doctor.check.ip_allowlist': 'IP 白名单',
    'doctor.check.qrcode': '带参数二维码',
    'doctor.check.quota': '二维码配额',
    'doctor.check.template': '验证码模板',
    'doctor.check.menu': '自定义菜单',
    'doctor.check.public_url': 'PUBLIC_URL',
    'doctor.check.app_secret': 'APP_SECRET',
    'doctor.check.database': '数据库',
    'doctor.check.redis': 'Redis',
    'doctor.summary': '{passed} 项通过，{failed} 项失败，{skipped} 项跳过',
    'doctor.needsToken': '未检查：需要先取得 access token',
    'doctor.token.pass': '通过 stable_token 取得了 access token',
    'doctor.token.failIp': '微信拒绝了本服务器的 IP（40164）',
    'doctor.token.fixIp': '见下方 IP 白名单一项',
    'doctor.token.fail': '取 access token 失败：{errcode} {errmsg}',
    'doctor.token.fixAppid': '检查 WECHAT_APPID（公众号后台 → 设置与开发 → 基本配置 → 开发者ID）',
    'doctor.token.fixSecret': '检查或重置 WECHAT_APPSECRET（公众号后台 → 基本配置 → 开发者密码）',
    'doctor.token.fixNetwork': '本服务器连不上 WECHAT_API_BASE：检查出站网络、代理和 DNS',
    'doctor.token.fixOther': '按微信全局返回码 {errcode} 的说明处理',
    'doctor.ip_allowlist.pass': '本服务器的出口 IP 在白名单内',
    'doctor.ip_allowlist.fail': '微信看到的本服务器 IP 是 {ip}，不在白名单内（40164）',
    'doctor.ip_allowlist.fix': '把 {ip} 加入公众号后台 → 设置与开发 → 基本配置 → IP白名单',
    'doctor.qrcode.pass': 'qrcode/create 可用（已创建一个 60 秒的测试二维码）',
    'doctor.qrcode.subscription': '订阅号：不使用带参数二维码，全部用关键词验证码',
    'doctor.qrcode.fail48001': '此公众号无权创建带参数二维码（48001）',
    'doctor.qrcode.fix48001': '带参数二维码需要已认证的服务号；订阅号请设置 WECHAT_ACCOUNT_TYPE=subscription',
    'doctor.qrcode.failQuota': '今日 qrcode/create 配额已用完（45009）',
    'doctor.qrcode.fail': 'qrcode/create 失败：{errcode} {errmsg}',
    'doctor.quota.pass': '今日已用 {used} / {limit}，剩余 {remain}',
    'doctor.quota.fail': '今日配额已用完：已用 {used} / {limit}',
    'doctor.quota.fix': '配额在北京时间零点重置；急用可在公众号后台或用 clear_quota 重置（每月 10 次）',
    'doctor.template.pass': '模板「{title}」存在，字段齐全',
    'doctor.template.none': '未设置 WECHAT_TEMPLATE_ID_CODE：验证码只用客服消息发送',
    'doctor.template.missing': '模板 {templateId} 不在公众号的 {count} 个模板中',
    'doctor.template.fixMissing': '在公众号后台 → 模板消息中添加验证码模板，并把模板 ID 填到 WECHAT_TEMPLATE_ID_CODE',
    'doctor.template.fields': '模板 {templateId} 缺少字段 {missing}（现有：{fields}）',
    'doctor.template.fixFields': '选用含 keyword1（验证码）和 keyword2（有效期）的模板',
    'doctor.menu.pass': '菜单「{name}」的 key 是 BIND_ACCOUNT',
    'doctor.menu.fail': '菜单里没有 key 为 {key} 的点击按钮',
    'doctor.menu.closed': '公众号没有开启自定义菜单',
    'doctor.menu.fix': '用 menu/create 添加一个 type 为 click、key 为 BIND_ACCOUNT 的按钮（如「绑定账号」）',
    'doctor.public_url.pass': '{url} 使用 https',
    'doctor.public_url.dev': '开发环境：{url}',
    'doctor.public_url.unset': '生产环境未设置 PUBLIC_URL',
    'doctor.public_url.http': '生产环境的 {url} 不是 https',
    'doctor.public_url.fix': '把 PUBLIC_URL 设为用户访问的 https 地址，如 https://login.example.com',
    'doctor.app_secret.pass': '{length} 个字符，{distinct} 种不同字符',
    'doctor.app_secret.fail': '太弱：{length} 个字符，{distinct} 种不同字符',
    'doctor.app_secret.fix': '生成一个随机值：openssl rand -base64 48',
    'doctor.database.pass': 'DATABASE_URL 可连接',
    'doctor.database.fail': '数据库连不上：{error}',
    'doctor.database.fix': '检查 DATABASE_URL、数据库是否在运行、用户名密码与网络',
    'doctor.redis.pass': 'REDIS_URL 可连接',
    'doctor.redis.none': '未设置 REDIS_URL（单实例或使用 PostgreSQL 适配器）',
    'doctor.redis.fail': 'Redis 连不上：{error}',
    'doctor.redis.fix': '检查 REDIS_URL 与 Redis 是否在运行；不需要多实例时可删去 REDIS_URL',
    'doctor.wechat.fail': '微信接口返回 {errcode} {errmsg}',
    'doctor.wechat.fixOther': '按微信全局返回码 {errcode} 的说明处理',
    'error.admin_only': '只有管理员可以访问',
    'error.reason_required': '请填写原因（3–500 字）',
    'error.user_not_found': '没有这个账号',
    'error.invalid_time': '时间格式不正确',
  },
  en: {
    'admin.title': 'Admin console',
    'admin.nav.overview': 'Overview',
    'admin.nav.bindings': 'Bindings',
    'admin.nav.audit': 'Audit log',
    'admin.nav.health': 'Health',
    'admin.link': 'Admin',
    'admin.overview.lead': 'The last hour, one point per minute, pushed live.',
    'admin.live.on': 'Live',
    'admin.live.off': 'Disconnected, reconnecting…',
    'admin.chart.scans': 'Scans per minute by purpose',
    'admin.chart.outcomes': 'Binds, logins and conflicts',
    'admin.chart.push': 'Push latency (webhook received → browser told, ms)',
    'admin.chart.webhook': "Webhook handling time (ms, WeChat's 5 s limit)",
    'admin.chart.sockets': 'Sockets connected',
    'admin.chart.now': 'This minute',
    'admin.series.bind': 'bind',
    'admin.series.login': 'login',
    'admin.series.verify': 'verify',
    'admin.series.checkin': 'check-in',
    'admin.series.link': 'link check',
    'admin.series.binds': 'binds',
    'admin.series.logins': 'logins',
    'admin.series.conflicts': 'conflicts',
    'admin.series.sockets': 'sockets',
    'admin.series.wechatLimit': "WeChat's 5 s limit",
    'admin.bindings.search': 'Search accounts',
    'admin.bindings.query': 'E-mail, openid or external user id',
    'admin.bindings.queryHint': 'Part of an e-mail, or a whole openid or external user id',
    'admin.bindings.submit': 'Search',
    'admin.bindings.none': 'No matching account',
    'admin.bindings.count': '{count} accounts found',
    'admin.col.account': 'Account',
    'admin.col.id': 'ID',
    'admin.col.url': 'URL',
    'admin.col.openid': 'openid',
    'admin.col.boundAt': 'Bound at',
    'admin.col.following': 'Following',
    'admin.col.time': 'Time',
    'admin.col.action': 'Event',
    'admin.col.detail': 'Detail',
    'admin.col.user': 'User',
    'admin.notBound': 'Not bound',
    'admin.yes': 'Yes',
    'admin.no': 'No',
    'admin.history': 'History',
    'admin.history.title': 'Account {email}',
    'admin.history.empty': 'No entries in the audit log',
    'admin.unbind.title': 'Forced unbind',
    'admin.unbind.reason': 'Reason (kept in the audit log)',
    'admin.unbind.submit': 'Unbind',
    'admin.unbind.done': 'Unbound',
    'admin.audit.kind': 'Event kind',
    'admin.audit.anyKind': 'All',
    'admin.audit.account': 'Account e-mail',
    'admin.audit.openid': 'openid',
    'admin.audit.from': 'From',
    'admin.audit.to': 'To',
    'admin.audit.filter': 'Filter',
    'admin.audit.export': 'Export CSV',
    'admin.audit.empty': 'No matching entries',
    'admin.audit.more': 'Older entries',
    'admin.health.quota': 'QR code quota today',
    'admin.health.quotaValue': '{used} of {limit} used, {remain} left',
    'admin.health.quotaError': 'Could not query: {error}',
    'admin.health.token': 'Access token',
    'admin.health.tokenAge': 'refreshed {age} ago, expires in {left}',
    'admin.health.tokenNone': 'not fetched yet',
    'admin.health.tokenError': 'Last refresh error',
    'admin.health.tokenErrorValue': '{time}: {message}',
    'admin.health.noError': 'none',
    'admin.health.lastWebhook': 'Last webhook received',
    'admin.health.lastWebhookValue': '{age} ago ({kind}, {outcome}, {duration} ms)',
    'admin.health.never': 'never',
    'admin.health.outgoing': 'Outgoing webhook delivery',
    'admin.health.outgoingNone': 'No outgoing webhooks are configured',
    'admin.health.col.endpoint': 'Endpoint',
    'admin.health.col.pending': 'Pending',
    'admin.health.col.delivered': 'Delivered',
    'admin.health.col.failed': 'Given up',
    'admin.health.col.lastDelivered': 'Last delivered',
    'admin.health.col.lastFailure': 'Last failure',
    'admin.health.noAnswer': 'no answer',
    'admin.bindings.hostTitle': 'Host site bindings (by external user id or openid)',
    'admin.col.externalUserId': 'External user id',
    'admin.col.apiKey': 'API key',
    'admin.health.doctor': 'Setup checks',
    'admin.health.doctorLead':
      "The same checks as npm run doctor; creates one 60-second QR (counts against today's quota).",
    'admin.health.run': 'Run checks',
    'admin.health.running': 'Checking…',
    'admin.health.fix': 'Fix: ',
    'doctor.state.pass': 'PASS',
    'doctor.state.fail': 'FAIL',
    'doctor.state.skip': 'SKIP',
    'doctor.check.token': 'Access token',
    'doctor.check.ip_allowlist': 'IP allowlist',
    'doctor.check.qrcode': 'Parametric QR codes',
    'doctor.check.quota': 'QR quota',
    'doctor.check.template': 'Code template',
    'doctor.check.menu': 'Custom menu',
    'doctor.check.public_url': 'PUBLIC_URL',
    'doctor.check.app_secret': 'APP_SECRET',
    'doctor.check.database': 'Database',
    'doctor.check.redis': 'Redis',
    'doctor.summary': '{passed} passed, {failed} failed, {skipped} skipped',
    'doctor.needsToken': 'not checked: needs an access token first',
    'doctor.token.pass': 'an access token was obtained through stable_token',
    'doctor.token.failIp': "WeChat refused this server's IP (40164)",
    'doctor.token.fixIp': 'see the IP allowlist line below',
    'doctor.token.fail': 'could not get an access token: {errcode} {errmsg}',
    'doctor.token.fixAppid':
      'check WECHAT_APPID (Official Account admin → Settings and development → Basic configuration → Developer ID)',
    'doctor.token.fixSecret':
      'check or reset WECHAT_APPSECRET (Official Account admin → Basic configuration → AppSecret)',
    'doctor.token.fixNetwork': 'this server cannot reach WECHAT_API_BASE: check outgoing network, proxy and DNS',
    'doctor.token.fixOther': "see WeChat's global return code {errcode}",
    'doctor.ip_allowlist.pass': "this server's outgoing IP is on the allowlist",
    'doctor.ip_allowlist.fail': "WeChat saw this server's IP as {ip}, which is not on the allowlist (40164)",
    'doctor.ip_allowlist.fix':
      'add {ip} under Official Account admin → Settings and development → Basic configuration → IP allowlist',
    'doctor.qrcode.pass': 'qrcode/create works (one 60-second test QR was created)',
    'doctor.qrcode.subscription': 'subscription account: no parametric QRs, every flow uses keyword codes',
    'doctor.qrcode.fail48001': 'this account may not create parametric QR codes (48001)',
    'doctor.qrcode.fix48001':
      'parametric QRs need a verified service account; for a subscription account set WECHAT_ACCOUNT_TYPE=subscription',
    'doctor.qrcode.failQuota': "today's qrcode/create quota is spent (45009)",
    'doctor.qrcode.fail': 'qrcode/create failed: {errcode} {errmsg}',
    'doctor.quota.pass': '{used} of {limit} used today, {remain} left',
    'doctor.quota.fail': "today's quota is spent: {used} of {limit} used",
    'doctor.quota.fix':
      'the quota resets at midnight Beijing time; if urgent, reset it in the admin or with clear_quota (10 times a month)',
    'doctor.template.pass': 'template "{title}" exists and has the fields',
    'doctor.template.none': 'WECHAT_TEMPLATE_ID_CODE is not set: codes go by customer-service message only',
    'doctor.template.missing': "template {templateId} is not among the account's {count} templates",
    'doctor.template.fixMissing':
      'add a verification-code template under Official Account admin → Template messages and put its id in WECHAT_TEMPLATE_ID_CODE',
    'doctor.template.fields': 'template {templateId} lacks the fields {missing} (has: {fields})',
    'doctor.template.fixFields': 'choose a template with keyword1 (the code) and keyword2 (validity)',
    'doctor.menu.pass': 'the menu button "{name}" has the key BIND_ACCOUNT',
    'doctor.menu.fail': 'the menu has no click button with the key {key}',
    'doctor.menu.closed': 'the account has no custom menu',
    'doctor.menu.fix': 'add a button with type click and key BIND_ACCOUNT (e.g. "Bind account") through menu/create',
    'doctor.public_url.pass': '{url} uses https',
    'doctor.public_url.dev': 'development: {url}',
    'doctor.public_url.unset': 'PUBLIC_URL is not set in production',
    'doctor.public_url.http': '{url} is not https in production',
    'doctor.public_url.fix': 'set PUBLIC_URL to the https address users visit, e.g. https://login.example.com',
    'doctor.app_secret.pass': '{length} characters, {distinct} distinct',
    'doctor.app_secret.fail': 'too weak: {length} characters, {distinct} distinct',
    'doctor.app_secret.fix': 'generate a random one: openssl rand -base64 48',
    'doctor.database.pass': 'DATABASE_URL answers',
    'doctor.database.fail': 'the database does not answer: {error}',
    'doctor.database.fix': 'check DATABASE_URL, that the database runs, the credentials and the network',
    'doctor.redis.pass': 'REDIS_URL answers',
    'doctor.redis.none': 'REDIS_URL is not set (one instance, or the PostgreSQL adapter)',
    'doctor.redis.fail': 'Redis does not answer: {error}',
    'doctor.redis.fix': 'check REDIS_URL and that Redis runs; remove REDIS_URL if you run one instance',
    'doctor.wechat.fail': 'WeChat answered {errcode} {errmsg}',
    'doctor.wechat.fixOther': "see WeChat's global return code {errcode}",
    'error.admin_only': 'Administrators only',
    'error.reason_required': 'Please give a reason (3–500 characters)',
    'error.user_not_found': 'No such account',
    'error.invalid_time': 'The time is not valid',
  },
} satisfies Bilingual<Key>;
