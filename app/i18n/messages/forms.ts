import { defineMessages } from "../define";

// Validation messages shared by every form, and common form words.
export const formMessages = defineMessages({
  en: {
    "form.required": "This field is required.",
    "form.tooLong": "This is too long.",
    "form.email": "Enter a valid e-mail address.",
    "form.passwordShort": "Use at least 12 characters.",
    "form.invalid": "This value is not valid.",
    "form.choose": "Choose one of the options.",
    "form.controlCharacters": "Remove the invisible control characters (such as a NUL byte) from this text.",
    "form.dateInvalid": "Enter a calendar date that exists, as YYYY-MM-DD.",
    "form.dateRange": "Enter a date between 1990 and 2100.",
    "form.amountCeiling": "This amount is above the ceiling of 1,000,000,000,000 in any currency: check the figure.",
    "form.amountWhole": "This currency has no minor unit: enter a whole amount, without decimals.",
    "form.fixErrors": "Please correct the errors below.",
    "form.save": "Save",
    "form.cancel": "Cancel",
    "form.optional": "optional",
    "form.stale":
      "Someone else saved this record after you opened it. Your changes were not saved; review the current version and apply them again.",
  },
  ru: {
    "form.required": "Это поле обязательно.",
    "form.tooLong": "Слишком длинный текст.",
    "form.email": "Введите правильный адрес электронной почты.",
    "form.passwordShort": "Используйте не менее 12 символов.",
    "form.invalid": "Недопустимое значение.",
    "form.choose": "Выберите один из вариантов.",
    "form.controlCharacters": "Удалите из текста невидимые управляющие символы (например, нулевой байт).",
    "form.dateInvalid": "Введите существующую календарную дату в формате ГГГГ-ММ-ДД.",
    "form.dateRange": "Введите дату между 1990 и 2100 годами.",
    "form.amountCeiling": "Сумма превышает предел в 1 000 000 000 000 в любой валюте: проверьте цифру.",
    "form.amountWhole": "У этой валюты нет дробной единицы: введите целую сумму без десятичных знаков.",
    "form.fixErrors": "Исправьте ошибки ниже.",
    "form.save": "Сохранить",
    "form.cancel": "Отмена",
    "form.optional": "необязательно",
    "form.stale":
      "Кто-то сохранил эту запись после того, как вы её открыли. Ваши изменения не сохранены; просмотрите текущую версию и внесите их снова.",
  },
});
