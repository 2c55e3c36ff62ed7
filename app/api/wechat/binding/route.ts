// DELETE /api/wechat/binding: unbind the signed-in user's WeChat.
import { NextResponse } from 'next/server';
import { unbindWechat } from '@/lib/binding/unbind-wechat';
import { withSession } from '@/lib/http/route';

export const DELETE = withSession(async ({ user, ctx }) => {
  await unbindWechat(ctx, { userId: user.id, via: 'web' });
  return NextResponse.json({ ok: true });
});
