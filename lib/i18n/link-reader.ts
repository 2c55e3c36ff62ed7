import type { Bilingual } from './bilingual';

// A signed bind link opened outside WeChat: the reader proves it is the link's WeChat with a keyword code.
type Key =
  | 'linkReader.title'
  | 'linkReader.lead'
  | 'linkReader.waiting'
  | 'linkReader.proved'
  | 'linkReader.refused'
  | 'linkReader.expired'
  | 'linkReader.retry'
  | 'linkReader.offline'
  | 'scan.conflict.other_wechat'
  | 'reply.linkReader.proved'
  | 'reply.linkReader.refused'
  | 'reply.linkReader.used'
  | 'reply.linkReader.expired'
  | 'error.link_bound';

export const linkReader = {
  zh: {
    'linkReader.title': '确认这是你的微信',
    'linkReader.lead': '这个链接是发给一位微信用户的。请用收到链接的那个微信，向公众号发送下面的口令，证明链接属于你。',
    'linkReader.waiting': '等待你在微信中发送口令…',
    'linkReader.proved': '已确认是你的微信，正在继续…',
    'linkReader.refused':
      '口令是从另一个微信发来的：这个链接属于另一位微信用户，已拒绝。请在你自己的微信中向公众号发送“绑定”获取链接。',
    'linkReader.expired': '口令已过期。',
    'linkReader.retry': '换一个口令',
    'linkReader.offline': '连接已断开，正在重新连接…',
    'scan.conflict.other_wechat': '这个链接属于另一位微信用户',
    'reply.linkReader.proved': '已确认是你的微信，请回到浏览器继续绑定。',
    'reply.linkReader.refused': '这个链接不是发给你的微信的，已拒绝。如需绑定，请发送“绑定”获取你自己的链接。',
    'reply.linkReader.used': '该口令已使用过，请回到浏览器换一个口令。',
    'reply.linkReader.expired': '该口令已过期，请回到浏览器换一个口令。',
    'error.link_bound': '该微信已绑定到一个账号。',
  },
  en: {
    'linkReader.title': 'Confirm this is your WeChat',
    'linkReader.lead':
      'This link was sent to one WeChat user. From the WeChat that received it, send the code below to the Official Account to prove the link is yours.',
    'linkReader.waiting': 'Waiting for you to send the code in WeChat…',
    'linkReader.proved': 'Confirmed: this is your WeChat. Continuing…',
    'linkReader.refused':
      'The code was sent from another WeChat: this link belongs to another WeChat user and is refused. Send “绑定” to the account from your own WeChat to get your link.',
    'linkReader.expired': 'The code expired.',
    'linkReader.retry': 'Get a new code',
    'linkReader.offline': 'Disconnected; reconnecting…',
    'scan.conflict.other_wechat': 'This link belongs to another WeChat user',
    'reply.linkReader.proved': 'Confirmed: this is your WeChat. Go back to the browser to finish binding.',
    'reply.linkReader.refused':
      'This link was not sent to your WeChat and is refused. To bind, send “bind” to get your own link.',
    'reply.linkReader.used': 'This code was already used; go back to the browser for a new one.',
    'reply.linkReader.expired': 'This code expired; go back to the browser for a new one.',
    'error.link_bound': 'This WeChat is already bound to an account.',
  },
} satisfies Bilingual<Key>;
