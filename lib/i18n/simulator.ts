import type { Bilingual } from './index';

type Key = never;

export const simulator = {
  zh: {},
  en: {},
} satisfies Bilingual<Key>;
