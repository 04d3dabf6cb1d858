/** The client id the stack puts in the secret until the real credentials are set. */
export const PLACEHOLDER_CLIENT_ID = 'SET-ME'
