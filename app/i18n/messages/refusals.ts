import { defineMessages } from "../define";

// The error pages' headings and the one-time notices (flash toasts) of app/errors.
export const refusalMessages = defineMessages({
  en: {
    "error.notFoundTitle": "Page not found",
    "error.forbiddenTitle": "Access denied",
    "error.unavailableTitle": "Temporarily unavailable",
    "toast.label": "Notice",
  },
  ru: {
    "error.notFoundTitle": "Страница не найдена",
    "error.forbiddenTitle": "Доступ запрещён",
    "error.unavailableTitle": "Временно недоступно",
    "toast.label": "Уведомление",
  },
});
