import type { Bilingual } from './bilingual';

type Key =
  | 'app.name'
  | 'app.tagline'
  | 'nav.home'
  | 'nav.login'
  | 'nav.register'
  | 'nav.settings'
  | 'nav.logout'
  | 'lang.switch'
  | 'home.title'
  | 'home.lead'
  | 'home.step1'
  | 'home.step2'
  | 'home.step3'
  | 'home.start'
  | 'home.login'
  | 'error.invalid_json'
  | 'error.invalid_input'
  | 'error.payload_too_large'
  | 'error.bad_origin'
  | 'error.unauthorized'
  | 'error.not_found'
  | 'error.rate_limited'
  | 'error.internal'
  | 'error.upstream'
  | 'form.submitting'
  | 'footer.text';

export const common = {
  zh: {
    'app.name': 'WeBind',
    'app.tagline': '用微信扫一扫，绑定和登录你的账号',
    'nav.home': '首页',
    'nav.login': '登录',
    'nav.register': '注册',
    'nav.settings': '账号设置',
    'nav.logout': '退出登录',
    'lang.switch': 'English',
    'home.title': '扫一扫，账号与微信即刻相连',
    'home.lead': 'WeBind 用带参数二维码把你的网站账号与微信公众号用户绑定：扫码的一瞬间，网页就知道结果，无需轮询。',
    'home.step1': '在设置页点击“绑定微信”，页面显示二维码',
    'home.step2': '用微信扫一扫，公众号收到扫码事件',
    'home.step3': '网页实时显示绑定结果，之后可扫码登录',
    'home.start': '免费注册',
    'home.login': '已有账号？登录',
    'error.invalid_json': '请求内容不是有效的 JSON',
    'error.invalid_input': '输入有误，请检查后重试',
    'error.payload_too_large': '请求内容过大',
    'error.bad_origin': '请求来源不被允许',
    'error.unauthorized': '请先登录',
    'error.not_found': '找不到该内容',
    'error.rate_limited': '操作太频繁，请在 {seconds} 秒后再试',
    'error.internal': '服务器出了点问题，请稍后再试',
    'error.upstream': '微信服务暂时不可用，请稍后重试',
    'form.submitting': '请稍候…',
    'footer.text': 'WeBind · 网站账号与微信公众号绑定',
  },
  en: {
    'app.name': 'WeBind',
    'app.tagline': 'Bind and sign in to your account with a WeChat scan',
    'nav.home': 'Home',
    'nav.login': 'Log in',
    'nav.register': 'Sign up',
    'nav.settings': 'Settings',
    'nav.logout': 'Log out',
    'lang.switch': '中文',
    'home.title': 'Scan once, and your account meets your WeChat',
    'home.lead':
      'WeBind links your site accounts to WeChat Official Account users with a parametric QR code: the page learns the outcome the moment you scan, with no polling.',
    'home.step1': 'Click “Bind WeChat” in settings to show a QR code',
    'home.step2': 'Scan it in WeChat; the Official Account receives the scan',
    'home.step3': 'The page shows the result at once; scan to log in from then on',
    'home.start': 'Sign up free',
    'home.login': 'Have an account? Log in',
    'error.invalid_json': 'The request body is not valid JSON',
    'error.invalid_input': 'Some input is invalid; please check and try again',
    'error.payload_too_large': 'The request is too large',
    'error.bad_origin': 'Requests from this origin are not allowed',
    'error.unauthorized': 'Please log in first',
    'error.not_found': 'Not found',
    'error.rate_limited': 'Too many attempts; please try again in {seconds} s',
    'error.internal': 'Something went wrong on our side; please try again',
    'error.upstream': 'WeChat is not answering right now; please try again',
    'form.submitting': 'Please wait…',
    'footer.text': 'WeBind · link site accounts to WeChat',
  },
} satisfies Bilingual<Key>;
