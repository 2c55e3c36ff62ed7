'use client';
/**
 * The React equivalent of /embed.js for host sites built with React:
 * `<WeBindQr server="https://bind.example.com" watchToken={…} qrContent={…} onOutcome={…} refresh={…} />`.
 * It wraps the same framework-free piece, so both behave alike.
 */
import { useEffect, useRef } from 'react';
import { type EmbedHandle, type EmbedOptions, mount } from './webind-embed';

export type WeBindQrProps = EmbedOptions & { className?: string };

export function WeBindQr({ className, ...options }: WeBindQrProps) {
  const ref = useRef<HTMLDivElement>(null);
  const handle = useRef<EmbedHandle | null>(null);
  const latest = useRef(options);
  latest.current = options;
  const { server, watchToken, qrContent, expiresAt } = options;
  const shown = useRef(watchToken);

  useEffect(() => {
    if (!ref.current) return;
    handle.current = mount(ref.current, {
      ...latest.current,
      server,
      onStatus: (...args) => latest.current.onStatus?.(...args),
      onOutcome: (u) => latest.current.onOutcome?.(u),
      refresh: latest.current.refresh ? () => latest.current.refresh!() : undefined,
    });
    shown.current = latest.current.watchToken;
    return () => handle.current?.destroy();
  }, [server]);

  // A new scene from the parent replaces the one shown, without reconnecting the socket.
  useEffect(() => {
    if (shown.current === watchToken) return;
    shown.current = watchToken;
    handle.current?.show({ watchToken, qrContent, expiresAt });
  }, [watchToken, qrContent, expiresAt]);

  return <div ref={ref} className={className} />;
}
