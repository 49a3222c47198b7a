// Limits of personal API tokens that the browser's forms need too (app/accounts/api-tokens.server.ts).
export const TOKEN_NAME_MAX = 100;
