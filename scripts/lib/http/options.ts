// Operator settings of the HTTP layer, read from the environment (see README, "Limits").

export interface HttpOptions {
  /** Largest request body accepted by any route without its own limit (MAX_BODY_BYTES, default 1 MB). */
  maxBodyBytes: number;
  /** Largest IATI file accepted by `POST /imports` (MAX_IMPORT_BYTES, default 250 MB). */
  maxImportBytes: number;
  /** How many proxy hops in front of ADAM to trust for the client address (TRUST_PROXY, default 0: none). */
  trustProxyHops: number;
}

const MB = 1024 * 1024;

export const DEFAULT_HTTP_OPTIONS: HttpOptions = { maxBodyBytes: 1 * MB, maxImportBytes: 250 * MB, trustProxyHops: 0 };

function wholeNumber(env: Record<string, string | undefined>, name: string, fallback: number, min: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || !Number.isSafeInteger(Number(raw))) {
    throw new Error(`${name} must be a whole number of at least ${min} (got "${raw}").`);
  }
  return Number(raw);
}

export function httpOptionsFromEnv(env: Record<string, string | undefined> = process.env): HttpOptions {
  return {
    maxBodyBytes: wholeNumber(env, "MAX_BODY_BYTES", DEFAULT_HTTP_OPTIONS.maxBodyBytes, 1),
    maxImportBytes: wholeNumber(env, "MAX_IMPORT_BYTES", DEFAULT_HTTP_OPTIONS.maxImportBytes, 1),
    trustProxyHops: wholeNumber(env, "TRUST_PROXY", DEFAULT_HTTP_OPTIONS.trustProxyHops, 0),
  };
}
