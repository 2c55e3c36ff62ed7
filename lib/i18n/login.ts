import type { Bilingual } from './index';

type Key = never;

export const login = {
  zh: {},
  en: {},
} satisfies Bilingual<Key>;
