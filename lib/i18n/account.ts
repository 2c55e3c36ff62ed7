import type { Bilingual } from './bilingual';

type Key =
  | 'field.email'
  | 'field.password'
  | 'field.passwordHint'
  | 'login.title'
  | 'login.submit'
  | 'login.noAccount'
  | 'login.passwordTab'
  | 'register.title'
  | 'register.submit'
  | 'register.haveAccount'
  | 'settings.title'
  | 'settings.account'
  | 'settings.email'
  | 'settings.memberSince'
  | 'error.email_invalid'
  | 'error.password_too_short'
  | 'error.password_too_long'
  | 'error.email_taken'
  | 'error.invalid_credentials'
  | 'error.session_invalid';

export const account = {
  zh: {
    'field.email': '邮箱',
    'field.password': '密码',
    'field.passwordHint': '至少 8 位',
    'login.title': '登录',
    'login.submit': '登录',
    'login.noAccount': '还没有账号？注册',
    'login.passwordTab': '密码登录',
    'register.title': '注册账号',
    'register.submit': '注册',
    'register.haveAccount': '已有账号？登录',
    'settings.title': '账号设置',
    'settings.account': '账号信息',
    'settings.email': '邮箱',
    'settings.memberSince': '注册时间',
    'error.email_invalid': '请输入有效的邮箱地址',
    'error.password_too_short': '密码至少需要 8 位',
    'error.password_too_long': '密码不能超过 200 位',
    'error.email_taken': '该邮箱已注册，请直接登录',
    'error.invalid_credentials': '邮箱或密码不正确',
    'error.session_invalid': '登录已失效，请重新登录',
  },
  en: {
    'field.email': 'Email',
    'field.password': 'Password',
    'field.passwordHint': 'At least 8 characters',
    'login.title': 'Log in',
    'login.submit': 'Log in',
    'login.noAccount': 'No account yet? Sign up',
    'login.passwordTab': 'Password',
    'register.title': 'Create your account',
    'register.submit': 'Sign up',
    'register.haveAccount': 'Have an account? Log in',
    'settings.title': 'Settings',
    'settings.account': 'Account',
    'settings.email': 'Email',
    'settings.memberSince': 'Member since',
    'error.email_invalid': 'Enter a valid email address',
    'error.password_too_short': 'The password needs at least 8 characters',
    'error.password_too_long': 'The password may have at most 200 characters',
    'error.email_taken': 'This email is already registered; please log in',
    'error.invalid_credentials': 'Wrong email or password',
    'error.session_invalid': 'Your session has ended; please log in again',
  },
} satisfies Bilingual<Key>;
