import { defineMessages } from "../define";

// IATI in and out: the import report's reasons, the /imports pages, a project's source.
export const iatiMessages = defineMessages({
  en: {
    "iati.ownedByPublisher":
      "This comes from the publisher's IATI file (see “Source” on the project page): change it there and import the file again.",
    "iati.reason.noIdentifier": "The activity has no iati-identifier.",
    "iati.reason.noTitle": "The activity has no title.",
    "iati.reason.noReportingOrg": "The activity has no reporting organisation with a ref.",
    "iati.reason.noPlace": "No recipient country, and no recipient region ADAM can place on the trafficking routes.",
    "iati.reason.notDrugRelated":
      "Not counter-narcotics assistance: no drug sector (16063, 12330) and no drug context in its text.",
    "iati.reason.noDrugContext":
      "Sector {code} (alternative development) alone, without drug context in its text: taken for a livelihood activity.",
    "iati.reason.outOfScope":
      "Outside the Paris Pact: its countries ({countries}) are neither partner countries nor on the trafficking routes.",
    "iati.reason.relevantBySector": "Counter-narcotics by its sector {code}.",
    "iati.reason.relevantBySectorAndText": "Counter-narcotics by its sector {code} and its text (“{term}”).",
    "iati.reason.relevantByText": "Counter-narcotics by its text (“{term}”).",
    "iati.reason.relevantByPillar": "Exported by ADAM under pillar {pillars}.",
    "iati.reason.unknownCountry":
      "Recipient country “{code}” (line {line}) is not an ISO 3166 code ADAM knows; left out.",
    "iati.reason.regionExpanded": "Region {code} placed in its route countries: {countries}.",
    "iati.reason.noCurrency": "No currency (neither a default-currency nor one on its values): {currency} assumed.",
    "iati.reason.unknownCurrency": "Currency {currency} has no exchange rate in ADAM.",
    "iati.reason.budgetFromCommitments": "No budget element: the budget is the sum of its commitments.",
    "iati.reason.noBudget":
      "No budget, commitment, disbursement or expenditure above zero: ADAM needs the amount of a project.",
    "iati.reason.budgetFromSpending":
      "No budget element and no commitment: the budget is the sum of its disbursements and expenditures.",
    "iati.reason.otherCurrency": "Values in {currency} left out of the budget (the budget is in {used}).",
    "iati.reason.noStartDate": "No start date: {date} used.",
    "iati.reason.endBeforeStart": "End date {end} is before the start: left out.",
    "iati.reason.suspended": "Suspended in IATI: active in ADAM.",
    "iati.reason.dacChosen": "No DAC 5-digit code ADAM knows: {code} used.",
    "iati.reason.classifiedByText": "Classified automatically, please review: pillar {pillars} chosen from the text.",
    "iati.reason.repeated":
      "The identifier appears again at line {line} (first at line {first}): only the first is imported.",
    "iati.reason.legacyActivity": "An IATI {version} activity: ADAM reads versions 2.01, 2.02 and 2.03.",
    "iati.reason.unknownVersion": "Version “{version}” is not a version ADAM knows: read as 2.03.",
    "iati.reason.schema": "Schema (line {line}): {message}",
    "iati.reason.willCreateOrganization": "The organization “{name}” ({ref}) will be created.",
    "iati.reason.organizationCreated": "The organization “{name}” ({ref}) was created.",
    "iati.reason.unknownPublisher":
      "No organization in ADAM has the IATI identifier {ref}; a coordinator's import creates it.",
    "iati.reason.identifierOfOther": "The identifier is already used by a project of another organization.",
    "iati.reason.unchanged": "Nothing changed since the last import.",
    "iati.reason.changed": "Changed since the last import.",
    "iati.reason.takenOver": "A project typed in ADAM with this identifier now follows the IATI file.",
    "iati.reason.writeRefused": "ADAM refused the project: {field} ({message}).",
    "iati.file.legacy":
      "This is an IATI {version} file: ADAM reads versions 2.01, 2.02 and 2.03. Ask the publisher for a 2.x file.",
    "iati.file.notActivities":
      "This is not an IATI activity file (its root element is <{name}>, not <iati-activities>).",
    "iati.file.notWellFormed": "The file is not well-formed XML (line {line}): {detail}",
    "iati.file.unreadable": "The file cannot be read: {detail}",
    "iati.file.empty": "The file holds no iati-activity.",
    "iati.file.foreignPublisher":
      "Your organization may import only its own activities: line {line} is reported by {ref}, not {own}.",
    "iati.file.noOwnIdentifier":
      "Your organization has no IATI organisation identifier: ask the coordination unit to record it.",
    "iati.file.schemaUnavailable": "The schema check was skipped: xmllint (libxml2-utils) is not installed.",
    "iati.file.schemaTruncated": "More schema problems than shown: only the first 5,000 are listed.",
    "iati.file.outsideActivity": "Schema (line {line}): {message}",

    "nav.imports": "IATI imports",
    "imports.title": "IATI imports",
    "imports.intro":
      "Upload an IATI activity file (versions 2.01–2.03, up to 250 MB). You first see what would happen to each activity; nothing changes until you confirm.",
    "imports.introDonor": "You may import the activities your organization publishes ({ref}).",
    "imports.file": "IATI activity file (XML)",
    "imports.preview": "Preview",
    "imports.noFile": "Choose an XML file to upload.",
    "imports.tooLarge": "The file is larger than 250 MB.",
    "imports.history": "Imports",
    "imports.none": "No import yet.",
    "imports.when": "When",
    "imports.fileName": "File",
    "imports.ranBy": "Run by",
    "imports.ranByCli": "the coordination unit (command line)",
    "imports.status": "Status",
    "imports.status.preview": "preview, waiting to be confirmed",
    "imports.status.done": "imported",
    "imports.status.refused": "refused",
    "imports.status.discarded": "discarded",
    "imports.counts":
      "{activities} activities: {created} created, {updated} updated, {unchanged} unchanged, {skipped} skipped, {rejected} rejected, {warnings} warnings",
    "imports.reportTitle": "Import of {file}",
    "imports.version": "IATI version: {version}",
    "imports.confirm": "Confirm the import",
    "imports.discard": "Discard",
    "imports.confirmed": "Imported.",
    "imports.previewNote": "This is a preview: nothing has been saved yet.",
    "imports.expired": "The uploaded file is no longer available: upload it again.",
    "imports.notPreview": "This import is not waiting for a confirmation.",
    "imports.running.one":
      "Importing: {done} of {total} activity done. This page follows the import; you may leave it, the import goes on.",
    "imports.running.few":
      "Importing: {done} of {total} activities done. This page follows the import; you may leave it, the import goes on.",
    "imports.running.many":
      "Importing: {done} of {total} activities done. This page follows the import; you may leave it, the import goes on.",
    "imports.running.other":
      "Importing: {done} of {total} activities done. This page follows the import; you may leave it, the import goes on.",
    "imports.stalled.one":
      "This import stopped after {done} of {total} activity (the server was restarted). Confirm again to finish it: what was already imported comes back unchanged.",
    "imports.stalled.few":
      "This import stopped after {done} of {total} activities (the server was restarted). Confirm again to finish it: what was already imported comes back unchanged.",
    "imports.stalled.many":
      "This import stopped after {done} of {total} activities (the server was restarted). Confirm again to finish it: what was already imported comes back unchanged.",
    "imports.stalled.other":
      "This import stopped after {done} of {total} activities (the server was restarted). Confirm again to finish it: what was already imported comes back unchanged.",
    "imports.csv": "Download the report (CSV)",
    "imports.col.line": "Line",
    "imports.col.identifier": "IATI identifier",
    "imports.col.disposition": "Result",
    "imports.col.reasons": "Why",
    "imports.col.project": "Project",
    "imports.col.pillar": "Pillar",
    "imports.col.countries": "Countries",
    "imports.disposition.created": "created",
    "imports.disposition.updated": "updated",
    "imports.disposition.unchanged": "unchanged",
    "imports.disposition.skipped": "skipped",
    "imports.disposition.rejected": "rejected",
    "imports.fileReasons": "About the file",
    "projects.source": "Source",
    "projects.sourceText":
      "Imported from the IATI file {file} published by {publisher}; activity last updated {updated}.",
    "projects.sourceNever": "not given",
    "projects.classificationReview": "Classified automatically, please review.",
    "iati.export.link": "IATI XML",
  },
  ru: {
    "iati.ownedByPublisher":
      "Это поле взято из файла IATI издателя (см. «Источник» на странице проекта): измените его там и импортируйте файл снова.",
    "iati.reason.noIdentifier": "У мероприятия нет iati-identifier.",
    "iati.reason.noTitle": "У мероприятия нет названия.",
    "iati.reason.noReportingOrg": "У мероприятия нет отчитывающейся организации с идентификатором (ref).",
    "iati.reason.noPlace":
      "Нет страны-получателя и нет региона-получателя, который ADAM может отнести к маршрутам наркотрафика.",
    "iati.reason.notDrugRelated":
      "Не антинаркотическая помощь: нет сектора по наркотикам (16063, 12330) и нет упоминания наркотиков в тексте.",
    "iati.reason.noDrugContext":
      "Только сектор {code} (альтернативное развитие), без упоминания наркотиков в тексте: принято за мероприятие по средствам к существованию.",
    "iati.reason.outOfScope":
      "Вне Парижского пакта: его страны ({countries}) не являются ни странами-партнёрами, ни странами маршрутов наркотрафика.",
    "iati.reason.relevantBySector": "Антинаркотическое по сектору {code}.",
    "iati.reason.relevantBySectorAndText": "Антинаркотическое по сектору {code} и по тексту («{term}»).",
    "iati.reason.relevantByText": "Антинаркотическое по тексту («{term}»).",
    "iati.reason.relevantByPillar": "Экспортировано ADAM по компоненту {pillars}.",
    "iati.reason.unknownCountry":
      "Страна-получатель «{code}» (строка {line}) — не известный ADAM код ISO 3166; пропущена.",
    "iati.reason.regionExpanded": "Регион {code} отнесён к его странам маршрутов: {countries}.",
    "iati.reason.noCurrency": "Нет валюты (ни default-currency, ни у сумм): принята {currency}.",
    "iati.reason.unknownCurrency": "Для валюты {currency} в ADAM нет обменного курса.",
    "iati.reason.budgetFromCommitments": "Нет элемента budget: бюджет — сумма обязательств.",
    "iati.reason.noBudget": "Нет бюджета, обязательств, выплат или расходов больше нуля: ADAM нужна сумма проекта.",
    "iati.reason.budgetFromSpending": "Нет элемента budget и обязательств: бюджет — сумма выплат и расходов.",
    "iati.reason.otherCurrency": "Суммы в {currency} не вошли в бюджет (бюджет в {used}).",
    "iati.reason.noStartDate": "Нет даты начала: взята {date}.",
    "iati.reason.endBeforeStart": "Дата окончания {end} раньше начала: пропущена.",
    "iati.reason.suspended": "Приостановлено в IATI: в ADAM — активный.",
    "iati.reason.dacChosen": "Нет известного ADAM пятизначного кода DAC: взят {code}.",
    "iati.reason.classifiedByText": "Классифицировано автоматически, проверьте: компонент {pillars} выбран по тексту.",
    "iati.reason.repeated":
      "Идентификатор встречается снова в строке {line} (впервые в строке {first}): импортируется только первое.",
    "iati.reason.legacyActivity": "Мероприятие IATI версии {version}: ADAM читает версии 2.01, 2.02 и 2.03.",
    "iati.reason.unknownVersion": "Версия «{version}» неизвестна ADAM: прочитано как 2.03.",
    "iati.reason.schema": "Схема (строка {line}): {message}",
    "iati.reason.willCreateOrganization": "Будет создана организация «{name}» ({ref}).",
    "iati.reason.organizationCreated": "Создана организация «{name}» ({ref}).",
    "iati.reason.unknownPublisher":
      "Ни у одной организации в ADAM нет идентификатора IATI {ref}; её создаёт импорт координатора.",
    "iati.reason.identifierOfOther": "Идентификатор уже занят проектом другой организации.",
    "iati.reason.unchanged": "С прошлого импорта ничего не изменилось.",
    "iati.reason.changed": "Изменено с прошлого импорта.",
    "iati.reason.takenOver": "Проект, введённый в ADAM с этим идентификатором, теперь следует файлу IATI.",
    "iati.reason.writeRefused": "ADAM не принял проект: {field} ({message}).",
    "iati.file.legacy":
      "Это файл IATI версии {version}: ADAM читает версии 2.01, 2.02 и 2.03. Запросите у издателя файл версии 2.x.",
    "iati.file.notActivities": "Это не файл мероприятий IATI (корневой элемент <{name}>, а не <iati-activities>).",
    "iati.file.notWellFormed": "Файл не является корректным XML (строка {line}): {detail}",
    "iati.file.unreadable": "Файл не удаётся прочитать: {detail}",
    "iati.file.empty": "В файле нет ни одного iati-activity.",
    "iati.file.foreignPublisher":
      "Ваша организация может импортировать только свои мероприятия: в строке {line} отчитывается {ref}, а не {own}.",
    "iati.file.noOwnIdentifier":
      "У вашей организации нет идентификатора организации IATI: попросите группу координации его внести.",
    "iati.file.schemaUnavailable": "Проверка по схеме пропущена: не установлен xmllint (libxml2-utils).",
    "iati.file.schemaTruncated": "Нарушений схемы больше, чем показано: перечислены только первые 5000.",
    "iati.file.outsideActivity": "Схема (строка {line}): {message}",

    "nav.imports": "Импорт IATI",
    "imports.title": "Импорт IATI",
    "imports.intro":
      "Загрузите файл мероприятий IATI (версии 2.01–2.03, до 250 МБ). Сначала вы увидите, что произойдёт с каждым мероприятием; ничего не изменится, пока вы не подтвердите.",
    "imports.introDonor": "Вы можете импортировать мероприятия, которые публикует ваша организация ({ref}).",
    "imports.file": "Файл мероприятий IATI (XML)",
    "imports.preview": "Предпросмотр",
    "imports.noFile": "Выберите XML-файл для загрузки.",
    "imports.tooLarge": "Файл больше 250 МБ.",
    "imports.history": "Импорты",
    "imports.none": "Импортов ещё не было.",
    "imports.when": "Когда",
    "imports.fileName": "Файл",
    "imports.ranBy": "Кто запустил",
    "imports.ranByCli": "группа координации (командная строка)",
    "imports.status": "Состояние",
    "imports.status.preview": "предпросмотр, ждёт подтверждения",
    "imports.status.done": "импортирован",
    "imports.status.refused": "отклонён",
    "imports.status.discarded": "отменён",
    "imports.counts":
      "Мероприятий: {activities}; создано {created}, обновлено {updated}, без изменений {unchanged}, пропущено {skipped}, отклонено {rejected}, предупреждений {warnings}",
    "imports.reportTitle": "Импорт файла {file}",
    "imports.version": "Версия IATI: {version}",
    "imports.confirm": "Подтвердить импорт",
    "imports.discard": "Отменить",
    "imports.confirmed": "Импортировано.",
    "imports.previewNote": "Это предпросмотр: ничего ещё не сохранено.",
    "imports.expired": "Загруженный файл больше недоступен: загрузите его снова.",
    "imports.notPreview": "Этот импорт не ждёт подтверждения.",
    "imports.running.one":
      "Идёт импорт: обработано {done} из {total} мероприятия. Страница следит за импортом; её можно закрыть, импорт продолжится.",
    "imports.running.few":
      "Идёт импорт: обработано {done} из {total} мероприятий. Страница следит за импортом; её можно закрыть, импорт продолжится.",
    "imports.running.many":
      "Идёт импорт: обработано {done} из {total} мероприятий. Страница следит за импортом; её можно закрыть, импорт продолжится.",
    "imports.running.other":
      "Идёт импорт: обработано {done} из {total} мероприятий. Страница следит за импортом; её можно закрыть, импорт продолжится.",
    "imports.stalled.one":
      "Импорт остановился после {done} из {total} мероприятия (сервер был перезапущен). Подтвердите снова, чтобы завершить его: уже импортированное останется без изменений.",
    "imports.stalled.few":
      "Импорт остановился после {done} из {total} мероприятий (сервер был перезапущен). Подтвердите снова, чтобы завершить его: уже импортированное останется без изменений.",
    "imports.stalled.many":
      "Импорт остановился после {done} из {total} мероприятий (сервер был перезапущен). Подтвердите снова, чтобы завершить его: уже импортированное останется без изменений.",
    "imports.stalled.other":
      "Импорт остановился после {done} из {total} мероприятий (сервер был перезапущен). Подтвердите снова, чтобы завершить его: уже импортированное останется без изменений.",
    "imports.csv": "Скачать отчёт (CSV)",
    "imports.col.line": "Строка",
    "imports.col.identifier": "Идентификатор IATI",
    "imports.col.disposition": "Итог",
    "imports.col.reasons": "Почему",
    "imports.col.project": "Проект",
    "imports.col.pillar": "Компонент",
    "imports.col.countries": "Страны",
    "imports.disposition.created": "создан",
    "imports.disposition.updated": "обновлён",
    "imports.disposition.unchanged": "без изменений",
    "imports.disposition.skipped": "пропущен",
    "imports.disposition.rejected": "отклонён",
    "imports.fileReasons": "О файле",
    "projects.source": "Источник",
    "projects.sourceText":
      "Импортирован из файла IATI {file}, опубликованного {publisher}; мероприятие обновлено {updated}.",
    "projects.sourceNever": "не указано",
    "projects.classificationReview": "Классифицировано автоматически, проверьте.",
    "iati.export.link": "IATI XML",
  },
});
