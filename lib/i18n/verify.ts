import type { Bilingual } from './index';

type Key = never;

export const verify = {
  zh: {},
  en: {},
} satisfies Bilingual<Key>;
