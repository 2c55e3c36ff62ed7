import type { Locale } from '../i18n';

/**
 * The scene lifecycle as data: one list each for purposes and statuses, the TypeScript unions derived
 * from them, and the database column constrained to them (lib/db/schema.ts). This file imports no
 * code, so the browser can use it too (`isFinal`).
 */
// `link`: a signed bind link opened outside WeChat; its reader proves possession of the link's WeChat by
// sending the scene's keyword code from it (issue 15).
export const SCENE_PURPOSES = ['bind', 'login', 'verify', 'checkin', 'link'] as const;
export type ScenePurpose = (typeof SCENE_PURPOSES)[number];

export const SCENE_STATUSES = [
  'pending',
  'bound',
  'conflict',
  'confirming',
  'login_ready',
  'completed',
  'cancelled',
  'needs_binding',
  'code_sent',
  'expired',
] as const;
export type SceneStatus = (typeof SCENE_STATUSES)[number];

/** What a browser is ever told: every status but `completed`, which it sees as `login_ready` (its last public state). */
export type PublicSceneStatus = Exclude<SceneStatus, 'completed'>;
export const PUBLIC_SCENE_STATUSES = SCENE_STATUSES.filter((s): s is PublicSceneStatus => s !== 'completed');

/** Why a bind was refused; each has a message in both languages (`scan.conflict.<reason>`). */
// `other_wechat`: a signed link's keyword code came from a WeChat that is not the link's.
export const CONFLICT_REASONS = ['openid_taken', 'user_taken', 'used', 'expired', 'other_wechat'] as const;
export type ConflictReason = (typeof CONFLICT_REASONS)[number];

/** The statuses in which a QR still waits: for a scan, for the phone's confirmation, or for a fresh QR. */
const WAITING: readonly SceneStatus[] = ['pending', 'confirming', 'expired'];

/** The statuses that end a QR's wait: the page shows the outcome and stops replacing the QR. */
export const FINAL_STATUSES: readonly SceneStatus[] = SCENE_STATUSES.filter((s) => !WAITING.includes(s));

export function isFinal(status: SceneStatus): boolean {
  return !WAITING.includes(status);
}

/** The detail of a scene whose purpose is not known yet: any purpose's fields. */
export interface SceneDetail {
  /** The language of the page that showed the QR; WeChat replies about the scene use it. */
  locale?: Locale;
  /** The account, masked (a***@example.com), once a bind or a code names one. */
  account?: string;
  /** Why a bind was refused. */
  reason?: ConflictReason;
  /** Server API scenes: the name of the API key that made it (such scenes belong to a host site). */
  apiKey?: string;
  /** A host login's result: the bound host user who scanned. */
  externalUserId?: string;
  /** A check-in QR: the event it admits to (issue 19). */
  eventId?: number;
  /** A `link` scene: the openid of the signed link whose reader must prove it is that WeChat. */
  linkOpenid?: string;
}
/** A purpose's detail: the fields it keeps, the others absent. */
type DetailWith<K extends keyof SceneDetail> = Pick<SceneDetail, K> & { [X in Exclude<keyof SceneDetail, K>]?: never };

/** What each purpose keeps in `scene.detail`. */
export interface SceneDetailByPurpose {
  // (`externalUserId` is not set on bind scenes — theirs is a column — but listing every key here keeps a
  // row read from the database, whose detail may hold any key, assignable to some purpose's scene.)
  bind: DetailWith<'locale' | 'account' | 'reason' | 'apiKey' | 'externalUserId' | 'eventId' | 'linkOpenid'>;
  login: DetailWith<'locale' | 'apiKey' | 'externalUserId'>;
  verify: DetailWith<'locale' | 'account'>;
  checkin: DetailWith<'locale' | 'eventId'>;
  link: DetailWith<'locale' | 'linkOpenid' | 'reason'>;
}

export interface Scene<P extends ScenePurpose = ScenePurpose> {
  id: string;
  purpose: P;
  status: SceneStatus;
  userId: number | null;
  /** A host site's own user id (a server API bind scene); absent or null for WeBind's own scenes. */
  externalUserId?: string | null;
  openid: string | null;
  browserKeyHash: string | null;
  qrContent: string;
  detail: SceneDetailByPurpose[P] | null;
  ip: string | null;
  userAgent: string | null;
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
}

/** WeChat replies about a scene speak the language of the page that showed its QR. */
export function sceneLocale(scene: Pick<Scene, 'detail'> | null): Locale {
  return scene?.detail?.locale === 'en' ? 'en' : 'zh';
}
