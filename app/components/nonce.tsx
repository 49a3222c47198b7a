import { createContext, useContext } from "react";

/**
 * The Content-Security-Policy nonce of the page being rendered on the server, for Remix's inline
 * scripts. In the browser it is empty: the scripts have run, and browsers hide nonces from the DOM.
 */
export const NonceContext = createContext<string | undefined>(undefined);

export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
