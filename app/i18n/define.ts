/**
 * A feature's strings in both languages. The Russian object must have exactly the English keys:
 * a missing or extra translation is a type error.
 */
export function defineMessages<const E extends Record<string, string>>(messages: {
  en: E;
  ru: { [K in keyof E]: string };
}): { en: E; ru: { [K in keyof E]: string } } {
  return messages;
}
