import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { OidcRepo } from '../db/types';

/**
 * oidc-provider's storage adapter (one instance per model name) over the data layer, so every
 * instance of WeBind on one PostgreSQL database sees the same sessions, codes and tokens.
 */
export function adapterFor(repo: OidcRepo, now: () => number) {
  return class DatabaseAdapter implements Adapter {
    constructor(readonly name: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      await repo.upsert(this.name, id, payload as Record<string, unknown>, {
        grantId: payload.grantId,
        uid: payload.uid,
        userCode: payload.userCode,
        expiresAt: expiresIn ? now() + expiresIn * 1000 : null,
      });
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      return this.live(await repo.find(this.name, id));
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return this.live(await repo.findByUid(this.name, uid));
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return this.live(await repo.findByUserCode(this.name, userCode));
    }

    async consume(id: string): Promise<void> {
      await repo.consume(this.name, id, now());
    }

    async destroy(id: string): Promise<void> {
      await repo.destroy(this.name, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await repo.revokeByGrantId(grantId);
    }

    /** An expired row is gone even before cleanup deletes it; `consumed` is what replay detection reads. */
    private live(row: Awaited<ReturnType<OidcRepo['find']>>): AdapterPayload | undefined {
      if (!row || (row.expiresAt !== null && row.expiresAt <= now())) return undefined;
      return { ...row.payload, ...(row.consumedAt ? { consumed: Math.floor(row.consumedAt / 1000) } : {}) };
    }
  };
}
