// Russian names of reference data, where the source lists have none or an outdated one. The seed
// (db/seed/reference-data.ts) and the pages read them from here.

/**
 * Country names as the states themselves and the United Nations write them in Russian, where the
 * i18n-iso-countries library has an older one (Киргизия, Туркмения, Молдавия; КНР with its expansion).
 * The seed writes them into countries.name_ru (upserted, so `npm run seed` fixes an existing database);
 * the gap map's short labels use them too.
 */
export const RUSSIAN_COUNTRY_NAMES: Record<string, string> = {
  KGZ: "Кыргызстан",
  TKM: "Туркменистан",
  MDA: "Молдова",
  CHN: "Китай",
};

/**
 * The partner organizations' standard Russian acronyms and names, by the English acronym of
 * db/reference/partner-organizations.csv. The organizations table holds one name (the English one), so
 * the partners page takes the Russian ones from here.
 */
export const RUSSIAN_ORGANIZATION_NAMES: Record<string, { acronym: string; name: string }> = {
  CARICC: { acronym: "ЦАРИКЦ", name: "Центральноазиатский региональный информационный координационный центр" },
  CSTO: { acronym: "ОДКБ", name: "Организация Договора о коллективной безопасности" },
  CIS: { acronym: "СНГ", name: "Содружество Независимых Государств" },
  CE: { acronym: "СЕ", name: "Совет Европы" },
  ECO: { acronym: "ОЭС", name: "Организация экономического сотрудничества" },
  EAG: {
    acronym: "ЕАГ",
    name: "Евразийская группа по противодействию легализации преступных доходов и финансированию терроризма",
  },
  EMCDDA: { acronym: "ЕЦМНН", name: "Европейский центр мониторинга наркотиков и наркомании" },
  EUROPOL: { acronym: "Европол", name: "Европейское полицейское ведомство" },
  EU: { acronym: "ЕС", name: "Европейский союз" },
  FATF: { acronym: "ФАТФ", name: "Группа разработки финансовых мер борьбы с отмыванием денег" },
  "GCC-CICCD": {
    acronym: "GCC-CICCD",
    name:
      "Центр уголовной информации по борьбе с наркотиками " +
      "Совета сотрудничества арабских государств Персидского залива",
  },
  INCB: { acronym: "МККН", name: "Международный комитет по контролю над наркотиками" },
  INTERPOL: { acronym: "Интерпол", name: "Международная организация уголовной полиции" },
  NATO: { acronym: "НАТО", name: "Организация Североатлантического договора" },
  OSCE: { acronym: "ОБСЕ", name: "Организация по безопасности и сотрудничеству в Европе" },
  SCO: { acronym: "ШОС", name: "Шанхайская организация сотрудничества" },
  SELEC: { acronym: "СЕЛЕК", name: "Центр правоохранительного сотрудничества в Юго-Восточной Европе" },
  UNAIDS: { acronym: "ЮНЭЙДС", name: "Объединённая программа Организации Объединённых Наций по ВИЧ/СПИДу" },
  UNAMA: { acronym: "МООНСА", name: "Миссия Организации Объединённых Наций по содействию Афганистану" },
  UNMIK: { acronym: "МООНК", name: "Миссия Организации Объединённых Наций по делам временной администрации в Косово" },
  UNODC: { acronym: "УНП ООН", name: "Управление Организации Объединённых Наций по наркотикам и преступности" },
  WCO: { acronym: "ВТамО", name: "Всемирная таможенная организация" },
  WHO: { acronym: "ВОЗ", name: "Всемирная организация здравоохранения" },
};
