/** A feature's strings in both languages: a key missing in either is a type error (`satisfies Bilingual`). */
export type Bilingual<K extends string> = { zh: Record<K, string>; en: Record<K, string> };
