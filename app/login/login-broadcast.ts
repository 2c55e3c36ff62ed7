'use client';
import { useEffect, useState } from 'react';

const CHANNEL = 'webind-login';

/** Tells the site's other tabs that this browser just logged in (they then offer to go on). */
export function announceLogin(): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage({ type: 'logged-in' });
  channel.close();
}

/** True once another tab of this browser announced a login. */
export function useLoggedInElsewhere(): boolean {
  const [elsewhere, setElsewhere] = useState(false);
  useEffect(() => {
    if (typeof BroadcastChannel === 'undefined') return;
    const channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = (e: MessageEvent<{ type?: string }>) => {
      if (e.data?.type === 'logged-in') setElsewhere(true);
    };
    return () => channel.close();
  }, []);
  return elsewhere;
}
