import { z } from 'zod';

/** Emails are compared in one form: trimmed, NFKC, lower case. */
export const EmailSchema = z
  .string({ error: 'email_invalid' })
  .transform((v) => v.normalize('NFKC').trim().toLowerCase())
  .pipe(z.email({ error: 'email_invalid' }).max(254, { error: 'email_invalid' }));

export const NewPasswordSchema = z
  .string({ error: 'password_too_short' })
  .min(8, { error: 'password_too_short' })
  .max(200, { error: 'password_too_long' });

export const CredentialsInput = z.object({ email: EmailSchema, password: NewPasswordSchema });

/** Logging in checks the password as given; length rules apply only to new passwords. */
export const LoginInput = z.object({
  email: EmailSchema,
  password: z
    .string({ error: 'invalid_credentials' })
    .min(1, { error: 'invalid_credentials' })
    .max(200, { error: 'invalid_credentials' }),
});

/** A signed bind link's fields as the client sends them back (lib/auth/bind-link.ts checks them). */
export const LinkFields = z.object(
  {
    openid: z.string().max(64),
    timestamp: z.string().max(20),
    nonce: z.string().max(64),
    signature: z.string().max(100),
  },
  { error: 'link_invalid' },
);
