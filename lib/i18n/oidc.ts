import type { Bilingual } from './index';

type Key =
  | 'oidc.signingInTo'
  | 'oidc.consent.title'
  | 'oidc.consent.lead'
  | 'oidc.consent.as'
  | 'oidc.consent.scopes'
  | 'oidc.consent.allow'
  | 'oidc.consent.deny'
  | 'oidc.consent.remembered'
  | 'oidc.consent.gone'
  | 'oidc.consent.wrongUser'
  | 'oidc.scope.openid'
  | 'oidc.scope.email'
  | 'oidc.scope.wechat'
  | 'oidc.scope.offline_access'
  | 'oidc.error.title'
  | 'oidc.error.lead'
  | 'oidc.error.back'
  | 'oidc.logout.title'
  | 'oidc.logout.lead'
  | 'oidc.logout.yes'
  | 'oidc.logout.no'
  | 'oidc.logout.done'
  | 'oidc.logout.doneLead'
  | 'wechatOnly.button'
  | 'wechatOnly.hint'
  | 'wechatOnly.none'
  | 'wechatOnly.addTitle'
  | 'wechatOnly.addLead'
  | 'wechatOnly.addSubmit'
  | 'error.has_email'
  | 'error.wechat_only_disabled';

export const oidc = {
  zh: {
    'oidc.signingInTo': '登录后将返回 {client}',
    'oidc.consent.title': '授权 {client}',
    'oidc.consent.lead': '{client} 请求使用你的 WeBind 账号登录，并获取以下信息：',
    'oidc.consent.as': '当前账号：{account}',
    'oidc.consent.scopes': '将提供的信息',
    'oidc.consent.allow': '同意并继续',
    'oidc.consent.deny': '拒绝',
    'oidc.consent.remembered': '同意后，下次登录 {client} 时不再询问。',
    'oidc.consent.gone': '这个登录请求已过期或已完成，请回到原网站重新登录。',
    'oidc.consent.wrongUser': '当前登录的账号与这个授权请求不一致，请回到原网站重新登录。',
    'oidc.scope.openid': '你的账号标识（每个网站看到的都相同且不变）',
    'oidc.scope.email': '你的邮箱地址',
    'oidc.scope.wechat': '你在本公众号下的微信标识（openid）',
    'oidc.scope.offline_access': '在你离开后继续保持登录（刷新令牌）',
    'oidc.error.title': '登录请求无法完成',
    'oidc.error.lead': '请回到原网站重新发起登录。错误：{error}',
    'oidc.error.back': '返回首页',
    'oidc.logout.title': '退出登录',
    'oidc.logout.lead': '要退出 {host} 上的 WeBind 登录吗？',
    'oidc.logout.yes': '退出',
    'oidc.logout.no': '保持登录',
    'oidc.logout.done': '已退出',
    'oidc.logout.doneLead': '你已退出 WeBind 登录。',
    'wechatOnly.button': '只用微信继续（不设邮箱）',
    'wechatOnly.hint': '以后可以在账号设置里添加邮箱和密码。',
    'wechatOnly.none': '未设置（仅微信登录）',
    'wechatOnly.addTitle': '添加邮箱和密码',
    'wechatOnly.addLead': '添加后，也可以用邮箱和密码登录。',
    'wechatOnly.addSubmit': '保存',
    'error.has_email': '这个账号已有邮箱',
    'error.wechat_only_disabled': '本站不支持只用微信注册，请注册或登录一个账号',
  },
  en: {
    'oidc.signingInTo': 'After signing in you go back to {client}',
    'oidc.consent.title': 'Authorize {client}',
    'oidc.consent.lead': '{client} wants to sign you in with your WeBind account and receive:',
    'oidc.consent.as': 'Signed in as {account}',
    'oidc.consent.scopes': 'What it gets',
    'oidc.consent.allow': 'Allow and continue',
    'oidc.consent.deny': 'Deny',
    'oidc.consent.remembered': 'Once allowed, {client} will not ask again next time.',
    'oidc.consent.gone': 'This sign-in request has expired or is finished. Go back to the site and sign in again.',
    'oidc.consent.wrongUser':
      'The account signed in here is not the one this request is for. Go back to the site and sign in again.',
    'oidc.scope.openid': 'Your account identifier (stable, never changes)',
    'oidc.scope.email': 'Your e-mail address',
    'oidc.scope.wechat': 'Your WeChat identifier for this Official Account (openid)',
    'oidc.scope.offline_access': 'Keep you signed in while you are away (refresh token)',
    'oidc.error.title': 'The sign-in request could not be completed',
    'oidc.error.lead': 'Go back to the site and start signing in again. Error: {error}',
    'oidc.error.back': 'Home',
    'oidc.logout.title': 'Sign out',
    'oidc.logout.lead': 'Sign out of WeBind on {host}?',
    'oidc.logout.yes': 'Sign out',
    'oidc.logout.no': 'Stay signed in',
    'oidc.logout.done': 'Signed out',
    'oidc.logout.doneLead': 'You are signed out of WeBind.',
    'wechatOnly.button': 'Continue with WeChat only (no e-mail)',
    'wechatOnly.hint': 'You can add an e-mail and a password in settings later.',
    'wechatOnly.none': 'Not set (WeChat sign-in only)',
    'wechatOnly.addTitle': 'Add an e-mail and a password',
    'wechatOnly.addLead': 'Then you can also sign in with them.',
    'wechatOnly.addSubmit': 'Save',
    'error.has_email': 'This account has an e-mail already',
    'error.wechat_only_disabled': 'This site does not allow WeChat-only accounts: register or log in to an account',
  },
} satisfies Bilingual<Key>;
