import type { Scene } from '../db/types';
import type { Locale } from '../i18n';

/** WeChat replies about a scene speak the language of the page that showed its QR. */
export function sceneLocale(scene: Scene | null): Locale {
  return scene?.detail?.locale === 'en' ? 'en' : 'zh';
}
