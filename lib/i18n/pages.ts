import type { Bilingual } from './index';

/** Page titles, the 404 page, the skip link and the home page's three flows. */
type Key =
  | 'title.home'
  | 'title.login'
  | 'title.register'
  | 'title.settings'
  | 'title.forgot'
  | 'title.bindAccount'
  | 'title.link'
  | 'title.confirm'
  | 'title.simulator'
  | 'title.notFound'
  | 'skip.toContent'
  | 'nav.label'
  | 'notFound.title'
  | 'notFound.lead'
  | 'notFound.home'
  | 'home.flows'
  | 'home.flow.login.title'
  | 'home.flow.login.body'
  | 'home.flow.login.action'
  | 'home.flow.bind.title'
  | 'home.flow.bind.body'
  | 'home.flow.bind.action'
  | 'home.flow.follower.title'
  | 'home.flow.follower.body'
  | 'home.flow.follower.action'
  | 'home.flow.forgot'
  | 'home.dev';

export const pages = {
  zh: {
    'title.home': 'WeBind · 微信扫码绑定与登录',
    'title.login': '登录',
    'title.register': '注册',
    'title.settings': '账号设置',
    'title.forgot': '找回密码',
    'title.bindAccount': '绑定账号',
    'title.link': '绑定你的微信',
    'title.confirm': '确认登录',
    'title.simulator': '微信模拟器',
    'title.notFound': '页面不存在',
    'skip.toContent': '跳到主要内容',
    'nav.label': '网站导航',
    'notFound.title': '找不到这个页面',
    'notFound.lead': '链接可能已失效，或地址输入有误。',
    'notFound.home': '回到首页',
    'home.flows': '三种用法',
    'home.flow.login.title': '扫码登录',
    'home.flow.login.body': '登录页显示二维码，用已绑定的微信扫一扫，在手机上确认即登录。',
    'home.flow.login.action': '去登录',
    'home.flow.bind.title': '绑定微信',
    'home.flow.bind.body': '在账号设置里点“绑定微信”并扫码，结果实时出现在网页上。',
    'home.flow.bind.action': '注册并绑定',
    'home.flow.follower.title': '在微信里绑定',
    'home.flow.follower.body': '已关注公众号的用户发送“绑定”，在微信里打开签名链接即可登录或注册并绑定。',
    'home.flow.follower.action': '在模拟器中试试',
    'home.flow.forgot': '忘记密码？用微信接收验证码',
    'home.dev': '开发模式：内置微信模拟器代替微信服务器和手机。',
  },
  en: {
    'title.home': 'WeBind · Bind and log in with WeChat',
    'title.login': 'Log in',
    'title.register': 'Sign up',
    'title.settings': 'Account settings',
    'title.forgot': 'Reset your password',
    'title.bindAccount': 'Bind an account',
    'title.link': 'Bind your WeChat',
    'title.confirm': 'Confirm the login',
    'title.simulator': 'WeChat simulator',
    'title.notFound': 'Page not found',
    'skip.toContent': 'Skip to the main content',
    'nav.label': 'Site',
    'notFound.title': 'This page does not exist',
    'notFound.lead': 'The link may have expired, or the address was mistyped.',
    'notFound.home': 'Back to the home page',
    'home.flows': 'Three ways to use it',
    'home.flow.login.title': 'Scan to log in',
    'home.flow.login.body': 'The login page shows a QR; scan it with a bound WeChat and confirm on the phone.',
    'home.flow.login.action': 'Log in',
    'home.flow.bind.title': 'Bind WeChat',
    'home.flow.bind.body': 'In account settings, click “Bind WeChat” and scan; the result appears live.',
    'home.flow.bind.action': 'Sign up and bind',
    'home.flow.follower.title': 'Bind inside WeChat',
    'home.flow.follower.body': 'A follower sends “bind” to the account and opens the signed link inside WeChat.',
    'home.flow.follower.action': 'Try it in the simulator',
    'home.flow.forgot': 'Forgot your password? Get a code in WeChat',
    'home.dev': 'Development mode: a built-in WeChat simulator stands in for WeChat’s servers and the phone.',
  },
} satisfies Bilingual<Key>;
