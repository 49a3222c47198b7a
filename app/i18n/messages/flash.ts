import { defineMessages } from "../define";

// The one-time success notice shown after a redirect (app/flash, app/components/flash-notice.tsx).
export const flashMessages = defineMessages({
  en: {
    "flash.dismiss": "Dismiss this message",
  },
  ru: {
    "flash.dismiss": "Закрыть сообщение",
  },
});
