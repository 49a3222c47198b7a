// The server holds every language's dictionary (e-mails, PDFs and server rendering need them all). This
// module is `.server`, so the browser build gets an empty module in its place: the browser receives the
// one dictionary of its page's language from ./bundles.server.ts, through the root loader's `messages`.
import { en, ru } from "./messages";

export const serverDictionaries = { en, ru };
