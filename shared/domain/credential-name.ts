/**
 * A credential's value pasted where its name goes would be stored, listed and shown in full.
 * Names are words joined by _; values are long runs of letters and digits (Prefect keys start
 * pnu_/pnb_). Kept free of zod so the renderer can check a field before anything is sent.
 */
export function looksLikeSecretValue(name: string): boolean {
  if (/^pn[ub]_/i.test(name) || name.length > 64) return true;
  return name.split('_').some((part) => part.length >= 16 && /[0-9]/.test(part) && /[A-Za-z]/.test(part));
}

/** The refusal, which never repeats the value. */
export const CREDENTIAL_VALUE_AS_NAME =
  'looks like the credential itself, not the name of the environment variable (or keychain entry) that holds it: enter a variable name (letters, digits and _, e.g. DIRECTORY_TOKEN) and put the value in that variable';
