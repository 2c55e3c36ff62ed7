import type { Bilingual } from './index';

type Key =
  | 'error.api_key_missing'
  | 'error.api_key_invalid'
  | 'error.invalid_key_name'
  | 'error.invalid_rate'
  | 'error.key_name_taken'
  | 'error.key_not_found'
  | 'error.invalid_url'
  | 'error.invalid_event_type'
  | 'error.binding_not_found'
  | 'error.invalid_ttl'
  | 'error.invalid_external_user_id'
  | 'error.invalid_openid'
  | 'error.invalid_text'
  | 'error.external_user_id_for_bind_only'
  | 'error.one_of_external_user_id_or_openid'
  | 'error.one_of_text_or_template'
  | 'host.reply.bound'
  | 'host.reply.unbound'
  | 'host.reply.conflict.openid_taken'
  | 'host.reply.conflict.user_taken'
  | 'host.reply.login.needsBinding'
  | 'embed.scanWith'
  | 'embed.status.pending'
  | 'embed.status.bound'
  | 'embed.status.conflict'
  | 'embed.status.confirming'
  | 'embed.status.login_ready'
  | 'embed.status.cancelled'
  | 'embed.status.needs_binding'
  | 'embed.status.expired'
  | 'embed.status.offline'
  | 'embed.status.connecting'
  | 'embed.status.invalid'
  | 'embed.refresh'
  | 'embed.expiresIn'
  | 'embed.qrAlt'
  | 'apiref.title'
  | 'apiref.intro'
  | 'apiref.auth'
  | 'apiref.download'
  | 'apiref.request'
  | 'apiref.responses'
  | 'apiref.parameters'
  | 'apiref.schemas'
  | 'apiref.required'
  | 'apiref.webhooks'
  | 'apiref.webhooksIntro'
  | 'admin.nav.integrations'
  | 'admin.int.keys'
  | 'admin.int.keysHint'
  | 'admin.int.name'
  | 'admin.int.state'
  | 'admin.int.rate'
  | 'admin.int.lastUsed'
  | 'admin.int.actions'
  | 'admin.int.live'
  | 'admin.int.revoked'
  | 'admin.int.createKey'
  | 'admin.int.keyCreated'
  | 'admin.int.shownOnce'
  | 'admin.int.revoke'
  | 'admin.int.webhooks'
  | 'admin.int.events'
  | 'admin.int.eventsHint'
  | 'admin.int.allEvents'
  | 'admin.int.addWebhook'
  | 'admin.int.webhookAdded'
  | 'admin.int.remove'
  | 'admin.int.deliveries'
  | 'admin.int.event'
  | 'admin.int.endpoint'
  | 'admin.int.attempts'
  | 'admin.int.response'
  | 'admin.int.next'
  | 'admin.int.resend'
  | 'admin.int.status.pending'
  | 'admin.int.status.delivered'
  | 'admin.int.status.failed'
  | 'error.endpoint_not_found'
  | 'error.delivery_not_found';

export const host = {
  zh: {
    'error.api_key_missing': '缺少 API 密钥（Authorization: Bearer …）',
    'error.api_key_invalid': 'API 密钥无效或已吊销',
    'error.invalid_key_name': '密钥名称只能包含字母、数字、点、下划线和连字符（最多 64 个字符）',
    'error.invalid_rate': '速率限制必须是 1 到 100000 之间的整数',
    'error.key_name_taken': '已有同名的有效密钥',
    'error.key_not_found': '没有该名称的有效密钥',
    'error.invalid_url': '请输入 http(s) 地址',
    'error.invalid_event_type': '未知的事件类型',
    'error.binding_not_found': '找不到该绑定',
    'error.invalid_ttl': 'ttlSeconds 必须是 60 到 2592000 之间的整数',
    'error.invalid_external_user_id': 'externalUserId 必须是 1 到 128 个可打印 ASCII 字符',
    'error.invalid_openid': 'openid 格式不正确',
    'error.invalid_text': '消息文本长度须在 1 到 2000 个字符之间',
    'error.external_user_id_for_bind_only': 'bind 场景需要 externalUserId，login 场景不能带 externalUserId',
    'error.one_of_external_user_id_or_openid': '请只提供 externalUserId 或 openid 其中之一',
    'error.one_of_text_or_template': '请只提供 text 或 template 其中之一',
    'host.reply.bound': '绑定成功：你的微信已绑定 {site} 的账号。回复“解绑”可解除绑定。',
    'host.reply.unbound': '已解除你的微信与 {site} 账号的绑定。',
    'host.reply.conflict.openid_taken': '该微信已绑定其他账号，请先解绑后再试。',
    'host.reply.conflict.user_taken': '该账号已绑定了另一个微信，请先解绑后再试。',
    'host.reply.login.needsBinding': '该微信尚未绑定 {site} 的账号，请先在网站上登录并绑定微信。',
    'embed.scanWith': '请使用微信扫一扫',
    'embed.status.pending': '等待扫码…',
    'embed.status.bound': '绑定成功',
    'embed.status.conflict': '无法绑定：该微信或账号已有绑定',
    'embed.status.confirming': '已扫码，请在手机上确认',
    'embed.status.login_ready': '登录成功',
    'embed.status.cancelled': '已在手机上取消',
    'embed.status.needs_binding': '该微信尚未绑定账号',
    'embed.status.expired': '二维码已过期',
    'embed.status.offline': '连接已断开，正在重新连接…',
    'embed.status.connecting': '正在连接…',
    'embed.status.invalid': '二维码无效，请刷新',
    'embed.refresh': '点击刷新',
    'embed.expiresIn': '剩余时间',
    'embed.qrAlt': '微信扫码二维码',
    'apiref.title': 'WeBind 服务端 API 参考',
    'apiref.intro': '供接入网站的后端调用：为自己的用户生成绑定二维码、查询与解除绑定、发送微信消息。',
    'apiref.auth': '每个请求都需带上 Authorization: Bearer <API 密钥>（用 npm run apikey -- create 名称 创建）。',
    'apiref.download': '下载 OpenAPI 3.1 文档',
    'apiref.request': '请求体',
    'apiref.responses': '响应',
    'apiref.parameters': '参数',
    'apiref.schemas': '数据结构',
    'apiref.required': '必填',
    'apiref.webhooks': '外发 Webhook 事件',
    'apiref.webhooksIntro':
      '按 Standard Webhooks 规范签名（webhook-id、webhook-timestamp、webhook-signature），用 npm run webhooks -- add URL 添加接收地址。',
    'admin.nav.integrations': '接入',
    'admin.int.keys': 'API 密钥',
    'admin.int.keysHint': '接入网站的后端用 Authorization: Bearer 密钥 调用 /api/v1；数据库只保存密钥的哈希。',
    'admin.int.name': '名称',
    'admin.int.state': '状态',
    'admin.int.rate': '每分钟调用上限',
    'admin.int.lastUsed': '最近使用',
    'admin.int.actions': '操作',
    'admin.int.live': '有效',
    'admin.int.revoked': '已吊销',
    'admin.int.createKey': '创建密钥',
    'admin.int.keyCreated': '新密钥（请立即保存）：',
    'admin.int.shownOnce': '只显示这一次，之后无法再查看。',
    'admin.int.revoke': '吊销',
    'admin.int.webhooks': '外发 Webhook',
    'admin.int.events': '事件',
    'admin.int.eventsHint': '都不选表示接收全部事件。',
    'admin.int.allEvents': '全部事件',
    'admin.int.addWebhook': '添加接收地址',
    'admin.int.webhookAdded': '签名密钥（用于 standardwebhooks 校验，请立即保存）：',
    'admin.int.remove': '删除',
    'admin.int.deliveries': '投递记录',
    'admin.int.event': '事件',
    'admin.int.endpoint': '接收地址',
    'admin.int.attempts': '尝试次数',
    'admin.int.response': '最近响应',
    'admin.int.next': '下次',
    'admin.int.resend': '重新发送',
    'admin.int.status.pending': '待发送',
    'admin.int.status.delivered': '已送达',
    'admin.int.status.failed': '已放弃',
    'error.endpoint_not_found': '找不到该接收地址',
    'error.delivery_not_found': '找不到该投递记录',
  },
  en: {
    'error.api_key_missing': 'An API key is required (Authorization: Bearer …)',
    'error.api_key_invalid': 'The API key is invalid or revoked',
    'error.invalid_key_name': 'A key name may hold letters, digits, dots, underscores and hyphens (64 at most)',
    'error.invalid_rate': 'The rate limit must be a whole number from 1 to 100000',
    'error.key_name_taken': 'A live key already has this name',
    'error.key_not_found': 'No live key has this name',
    'error.invalid_url': 'Enter an http(s) URL',
    'error.invalid_event_type': 'Unknown event type',
    'error.binding_not_found': 'Binding not found',
    'error.invalid_ttl': 'ttlSeconds must be a whole number from 60 to 2592000',
    'error.invalid_external_user_id': 'externalUserId must be 1 to 128 printable ASCII characters',
    'error.invalid_openid': 'The openid is malformed',
    'error.invalid_text': 'The text must be 1 to 2000 characters long',
    'error.external_user_id_for_bind_only': 'A bind scene needs externalUserId; a login scene must not have one',
    'error.one_of_external_user_id_or_openid': 'Give exactly one of externalUserId or openid',
    'error.one_of_text_or_template': 'Give exactly one of text or template',
    'host.reply.bound': 'Bound: your WeChat is now linked to your account on {site}. Reply "unbind" to undo.',
    'host.reply.unbound': 'Your WeChat is no longer linked to your account on {site}.',
    'host.reply.conflict.openid_taken': 'This WeChat is already linked to another account; unbind it first.',
    'host.reply.conflict.user_taken': 'This account is already linked to another WeChat; unbind it first.',
    'host.reply.login.needsBinding': 'This WeChat is not linked to an account on {site} yet; log in there and bind it.',
    'embed.scanWith': 'Scan with WeChat',
    'embed.status.pending': 'Waiting for a scan…',
    'embed.status.bound': 'Bound',
    'embed.status.conflict': 'Cannot bind: this WeChat or account is already bound',
    'embed.status.confirming': 'Scanned; confirm on the phone',
    'embed.status.login_ready': 'Logged in',
    'embed.status.cancelled': 'Cancelled on the phone',
    'embed.status.needs_binding': 'This WeChat is not bound to an account yet',
    'embed.status.expired': 'The QR code expired',
    'embed.status.offline': 'Connection lost; reconnecting…',
    'embed.status.connecting': 'Connecting…',
    'embed.status.invalid': 'This QR code is not valid; refresh it',
    'embed.refresh': 'Refresh',
    'embed.expiresIn': 'Time left',
    'embed.qrAlt': 'WeChat QR code',
    'apiref.title': 'WeBind server API reference',
    'apiref.intro':
      "For a host site's backend: bind QR codes for your own users, look bindings up, unbind, send WeChat messages.",
    'apiref.auth':
      'Every request carries Authorization: Bearer <API key> (create one with npm run apikey -- create NAME).',
    'apiref.download': 'Download the OpenAPI 3.1 document',
    'apiref.request': 'Request body',
    'apiref.responses': 'Responses',
    'apiref.parameters': 'Parameters',
    'apiref.schemas': 'Schemas',
    'apiref.required': 'required',
    'apiref.webhooks': 'Outgoing webhook events',
    'apiref.webhooksIntro':
      'Signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature); add a receiver with npm run webhooks -- add URL.',
    'admin.nav.integrations': 'Integrations',
    'admin.int.keys': 'API keys',
    'admin.int.keysHint': 'Host sites call /api/v1 with Authorization: Bearer KEY; only a hash of each key is stored.',
    'admin.int.name': 'Name',
    'admin.int.state': 'State',
    'admin.int.rate': 'Calls per minute',
    'admin.int.lastUsed': 'Last used',
    'admin.int.actions': 'Actions',
    'admin.int.live': 'Live',
    'admin.int.revoked': 'Revoked',
    'admin.int.createKey': 'Create key',
    'admin.int.keyCreated': 'The new key (store it now):',
    'admin.int.shownOnce': 'Shown only this once; it cannot be read again.',
    'admin.int.revoke': 'Revoke',
    'admin.int.webhooks': 'Outgoing webhooks',
    'admin.int.events': 'Events',
    'admin.int.eventsHint': 'Leave all unchecked to receive every event.',
    'admin.int.allEvents': 'All events',
    'admin.int.addWebhook': 'Add endpoint',
    'admin.int.webhookAdded': 'Signing secret (for standardwebhooks verification; store it now):',
    'admin.int.remove': 'Remove',
    'admin.int.deliveries': 'Delivery log',
    'admin.int.event': 'Event',
    'admin.int.endpoint': 'Endpoint',
    'admin.int.attempts': 'Attempts',
    'admin.int.response': 'Last response',
    'admin.int.next': 'next',
    'admin.int.resend': 'Resend',
    'admin.int.status.pending': 'Pending',
    'admin.int.status.delivered': 'Delivered',
    'admin.int.status.failed': 'Gave up',
    'error.endpoint_not_found': 'Endpoint not found',
    'error.delivery_not_found': 'Delivery not found',
  },
} satisfies Bilingual<Key>;
