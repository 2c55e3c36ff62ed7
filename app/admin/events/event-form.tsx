'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { EventRow } from '@/lib/db/types';
import { callApi } from '../../form';
import { useT } from '../../i18n-provider';

/** epoch ms ↔ the value of an <input type="datetime-local"> in the admin's own time zone. */
const toLocalInput = (ms: number) => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};
const fromLocalInput = (value: string) => new Date(value).getTime();

/** Creates an event (no `event`) or edits one. */
export function EventForm({ event }: { event?: EventRow }) {
  const t = useT();
  const router = useRouter();
  const day = 24 * 3600_000;
  const [startsAt] = useState(() => event?.startsAt ?? Math.ceil((Date.now() + 7 * day) / 3600_000) * 3600_000);
  const [form, setForm] = useState({
    title: event?.title ?? '',
    description: event?.description ?? '',
    place: event?.place ?? '',
    startsAt: toLocalInput(startsAt),
    endsAt: toLocalInput(event?.endsAt ?? startsAt + 2 * 3600_000),
    capacity: String(event?.capacity ?? 50),
    signupDeadline: toLocalInput(event?.signupDeadline ?? startsAt - 3600_000),
    walkInsAllowed: event?.walkInsAllowed ?? false,
  });
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const set = (key: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
    setForm({ ...form, [key]: e.target.type === 'checkbox' ? (e.target as HTMLInputElement).checked : e.target.value });

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    setSaved(false);
    const body = {
      title: form.title,
      description: form.description,
      place: form.place,
      startsAt: fromLocalInput(form.startsAt),
      endsAt: fromLocalInput(form.endsAt),
      capacity: Number(form.capacity),
      signupDeadline: fromLocalInput(form.signupDeadline),
      walkInsAllowed: form.walkInsAllowed,
    };
    const res = await callApi<EventRow>(event ? `/api/admin/events/${event.id}` : '/api/admin/events', {
      method: event ? 'PUT' : 'POST',
      body,
    });
    if (!res.ok) return setError(res.error?.message ?? t('error.internal'));
    if (event) {
      setSaved(true);
      router.refresh();
    } else router.push(`/admin/events/${res.body.id}`);
  }

  const id = (name: string) => `event-${name}`;
  return (
    <form className="form" onSubmit={submit} data-testid="event-form">
      <h2>{event ? t('events.edit') : t('events.new')}</h2>
      <label htmlFor={id('title')}>{t('events.field.title')}</label>
      <input id={id('title')} value={form.title} onChange={set('title')} maxLength={120} required />
      <label htmlFor={id('description')}>{t('events.field.description')}</label>
      <textarea id={id('description')} value={form.description} onChange={set('description')} maxLength={4000} />
      <label htmlFor={id('place')}>{t('events.field.place')}</label>
      <input id={id('place')} value={form.place} onChange={set('place')} maxLength={200} required />
      <label htmlFor={id('starts')}>{t('events.field.startsAt')}</label>
      <input id={id('starts')} type="datetime-local" value={form.startsAt} onChange={set('startsAt')} required />
      <label htmlFor={id('ends')}>{t('events.field.endsAt')}</label>
      <input id={id('ends')} type="datetime-local" value={form.endsAt} onChange={set('endsAt')} required />
      <label htmlFor={id('deadline')}>{t('events.field.signupDeadline')}</label>
      <input
        id={id('deadline')}
        type="datetime-local"
        value={form.signupDeadline}
        onChange={set('signupDeadline')}
        required
      />
      <label htmlFor={id('capacity')}>{t('events.field.capacity')}</label>
      <input
        id={id('capacity')}
        type="number"
        min={1}
        max={100000}
        value={form.capacity}
        onChange={set('capacity')}
        required
      />
      <label className="check">
        <input type="checkbox" checked={form.walkInsAllowed} onChange={set('walkInsAllowed')} />{' '}
        {t('events.field.walkIns')}
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {saved && (
        <p className="notice" role="status">
          {t('events.saved')}
        </p>
      )}
      <button type="submit" className="button primary">
        {event ? t('events.save') : t('events.create')}
      </button>
    </form>
  );
}
