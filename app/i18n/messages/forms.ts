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
    "form.fixErrors": "Please correct the errors below.",
    "form.save": "Save",
    "form.cancel": "Cancel",
    "form.optional": "optional",
    "form.stale": "Someone else saved this record after you opened it. Your changes were not saved; review the current version and apply them again.",
  },
  ru: {
    "form.required": "Это поле обязательно.",
    "form.tooLong": "Слишком длинный текст.",
    "form.email": "Введите правильный адрес электронной почты.",
    "form.passwordShort": "Используйте не менее 12 символов.",
    "form.invalid": "Недопустимое значение.",
    "form.choose": "Выберите один из вариантов.",
    "form.fixErrors": "Исправьте ошибки ниже.",
    "form.save": "Сохранить",
    "form.cancel": "Отмена",
    "form.optional": "необязательно",
    "form.stale": "Кто-то сохранил эту запись после того, как вы её открыли. Ваши изменения не сохранены; просмотрите текущую версию и внесите их снова.",
  },
});
