// /dev/wechat: the simulator's phone. Exists only while the simulator is on.
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { t } from '@/lib/i18n';
import { pageLocale } from '@/lib/http/page-context';
import { services } from '@/lib/services';
import { Phone } from './phone';

export async function generateMetadata(): Promise<Metadata> {
  const locale = await pageLocale();
  return { title: `${t(locale, 'title.simulator')} · WeBind`, robots: { index: false } };
}

export default async function WeChatSimulatorPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  if (!services().config.simulator) notFound();
  const locale = await pageLocale();
  const qr = (await searchParams).qr;
  return (
    <div className="stack">
      <div>
        <h1>{t(locale, 'sim.title')}</h1>
        <p className="lead">{t(locale, 'sim.lead')}</p>
      </div>
      <Phone initialQr={typeof qr === 'string' ? qr.slice(0, 500) : ''} />
    </div>
  );
}
