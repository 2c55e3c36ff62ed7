import { NotFoundError } from '../errors';

/** The `:id` ending `/api/admin/users/:id`: a positive integer, else 404. */
export function userIdFromPath(pathname: string): number {
  const raw = pathname.split('/').pop() ?? '';
  const id = /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id)) throw new NotFoundError('user_not_found');
  return id;
}
