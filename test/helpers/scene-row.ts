import type { Scene } from '../../lib/scene/status';

/** A scene as the repositories hand it back: a pending bind scene of user 1, changed by `over`. */
export const sceneRow = (over: Partial<Scene> = {}): Scene => ({
  id: 's1',
  purpose: 'bind',
  status: 'pending',
  userId: 1,
  openid: null,
  browserKeyHash: null,
  qrContent: 'https://weixin.qq.com/q/x',
  detail: null,
  ip: null,
  userAgent: null,
  createdAt: 0,
  updatedAt: 0,
  expiresAt: 1000,
  ...over,
});
