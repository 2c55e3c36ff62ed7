// Entry of /embed.js: `WeBind.mount(element, { watchToken, qrContent, onOutcome, refresh })`.
import { mount } from './webind-embed';

const script = document.currentScript as HTMLScriptElement | null;
// By default, talk to the WeBind that served this script.
const origin = script?.src ? new URL(script.src).origin : '';

(window as unknown as { WeBind: unknown }).WeBind = {
  mount: (target: HTMLElement | string, options: Parameters<typeof mount>[1]) => {
    const element = typeof target === 'string' ? document.querySelector<HTMLElement>(target) : target;
    if (!element) throw new Error(`WeBind.mount: no element ${String(target)}`);
    return mount(element, { server: origin, ...options });
  },
};
