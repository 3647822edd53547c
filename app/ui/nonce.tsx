import { createContext, useContext } from "react";

// The CSP nonce of the current response, provided by entry.server. On the client it is
// empty: browsers hide nonces from scripts, and scripts already loaded need none.
const NonceContext = createContext("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
