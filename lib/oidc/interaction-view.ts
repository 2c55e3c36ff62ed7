import type { Services } from '../services';

/** What the login and consent pages show about a pending OIDC interaction, or null when it is gone. */
export interface InteractionView {
  uid: string;
  clientId: string;
  prompt: string;
  scopes: string[];
  accountId: string | null;
}

export async function getInteractionView(
  { oidc: provider }: Pick<Services, 'oidc'>,
  uid: string | undefined | null,
): Promise<InteractionView | null> {
  if (!provider || !uid || !/^[A-Za-z0-9_-]{1,64}$/.test(uid)) return null;
  const interaction = await provider.Interaction.find(uid);
  if (!interaction) return null;
  const scope = typeof interaction.params.scope === 'string' ? interaction.params.scope : '';
  return {
    uid,
    clientId: String(interaction.params.client_id),
    prompt: interaction.prompt.name,
    scopes: scope.split(' ').filter(Boolean),
    accountId: interaction.session?.accountId ?? null,
  };
}

/** `/oidc/interaction/<uid>` in a login page's `next` → the uid. */
export function interactionUidOf(next: string | undefined): string | null {
  return /^\/oidc\/interaction\/([A-Za-z0-9_-]{1,64})$/.exec(next ?? '')?.[1] ?? null;
}
