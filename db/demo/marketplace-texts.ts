// Text templates for the demo projects and needs: realistic counter-narcotics titles in English and
// Russian, each tied to the capacity area it belongs to. `{country}` is replaced by a country name.

export interface TextTemplate {
  area: string;
  en: string;
  ru: string;
}

export const PROJECT_TITLES: TextTemplate[] = [
  {
    area: "I.1",
    en: "Institutional support to counter-narcotics police in {country}",
    ru: "Институциональная поддержка полиции по борьбе с наркотиками ({country})",
  },
  {
    area: "I.2",
    en: "Mobile interdiction teams for the border service of {country}",
    ru: "Мобильные группы перехвата для пограничной службы ({country})",
  },
  {
    area: "I.3",
    en: "Joint cross-border operations against heroin trafficking from {country}",
    ru: "Совместные трансграничные операции против контрабанды героина ({country})",
  },
  {
    area: "I.4",
    en: "Strengthening border control at the crossing points of {country}",
    ru: "Укрепление пограничного контроля в пунктах пропуска ({country})",
  },
  {
    area: "I.5",
    en: "Regional programme on drug control and crime prevention: {country} component",
    ru: "Региональная программа по контролю над наркотиками и предупреждению преступности: компонент ({country})",
  },
  {
    area: "I.6",
    en: "Drug data collection and annual report questionnaire support in {country}",
    ru: "Сбор данных о наркотиках и заполнение ежегодного вопросника ({country})",
  },
  {
    area: "I.7",
    en: "Secure information exchange between drug liaison officers in {country}",
    ru: "Защищённый обмен информацией между офицерами связи ({country})",
  },
  {
    area: "I.8",
    en: "Canine detection training centre for law enforcement in {country}",
    ru: "Учебный кинологический центр для правоохранительных органов ({country})",
  },
  {
    area: "I.9",
    en: "Port control unit of the Container Control Programme in {country}",
    ru: "Группа портового контроля Программы контроля контейнерных перевозок ({country})",
  },
  {
    area: "II.1",
    en: "Strengthening the Financial Intelligence Unit's analytical capacity in {country}",
    ru: "Укрепление аналитического потенциала подразделения финансовой разведки ({country})",
  },
  {
    area: "II.2",
    en: "Mutual legal assistance in drug money cases: prosecutors of {country}",
    ru: "Взаимная правовая помощь по делам о наркодоходах: прокуроры ({country})",
  },
  {
    area: "II.3",
    en: "Detecting drug proceeds moved through virtual assets in {country}",
    ru: "Выявление наркодоходов, перемещаемых через виртуальные активы ({country})",
  },
  {
    area: "II.4",
    en: "Suspicious transaction reporting with the banks of {country}",
    ru: "Сообщения о подозрительных операциях: работа с банками ({country})",
  },
  {
    area: "II.5",
    en: "Financial investigations training for drug control officers in {country}",
    ru: "Обучение финансовым расследованиям сотрудников наркоконтроля ({country})",
  },
  {
    area: "II.6",
    en: "Asset recovery and confiscation of drug proceeds in {country}",
    ru: "Возврат активов и конфискация доходов от наркоторговли ({country})",
  },
  {
    area: "III.1",
    en: "Tracking acetic anhydride shipments through {country}",
    ru: "Отслеживание поставок уксусного ангидрида через {country}",
  },
  {
    area: "III.2",
    en: "Precursor identification kits and training for the customs of {country}",
    ru: "Наборы для идентификации прекурсоров и обучение таможни ({country})",
  },
  {
    area: "III.3",
    en: "Forensic drug laboratory equipment and accreditation in {country}",
    ru: "Оснащение и аккредитация судебно-химической лаборатории ({country})",
  },
  {
    area: "III.4",
    en: "Investigating the networks that divert precursors into {country}",
    ru: "Расследование сетей, переправляющих прекурсоры в {country}",
  },
  {
    area: "III.5",
    en: "Partnership with chemical industry against precursor diversion in {country}",
    ru: "Партнёрство с химической промышленностью против утечки прекурсоров ({country})",
  },
  {
    area: "III.6",
    en: "Regional operation against precursor trafficking: {country} task force",
    ru: "Региональная операция против контрабанды прекурсоров: оперативная группа ({country})",
  },
  {
    area: "III.7",
    en: "Pre-export notification online system for the authorities of {country}",
    ru: "Система предварительного уведомления об экспорте для ведомств ({country})",
  },
  {
    area: "IV.1",
    en: "Evidence-based drug use prevention for young people in {country}",
    ru: "Профилактика наркомании среди молодёжи ({country})",
  },
  {
    area: "IV.2",
    en: "Opioid agonist therapy services in {country}",
    ru: "Заместительная терапия опиоидной зависимости ({country})",
  },
  {
    area: "IV.3",
    en: "HIV prevention and care for people who inject drugs in {country}",
    ru: "Профилактика ВИЧ и помощь людям, употребляющим инъекционные наркотики ({country})",
  },
  {
    area: "IV.4",
    en: "Rehabilitation and social reintegration of former drug users in {country}",
    ru: "Реабилитация и социальная реинтеграция бывших потребителей наркотиков ({country})",
  },
  {
    area: "IV.5",
    en: "Applying the international standards on drug use prevention in {country}",
    ru: "Применение международных стандартов профилактики наркомании ({country})",
  },
];

export const NEED_TITLES: TextTemplate[] = [
  {
    area: "I.2",
    en: "Night-vision equipment for border outposts",
    ru: "Приборы ночного видения для пограничных застав",
  },
  {
    area: "I.3",
    en: "Joint operation planning with neighbouring border services",
    ru: "Планирование совместных операций с пограничными службами соседних стран",
  },
  {
    area: "I.4",
    en: "Non-intrusive inspection scanners at the main road crossing",
    ru: "Досмотровые сканеры на основном автомобильном пункте пропуска",
  },
  {
    area: "I.6",
    en: "Training of analysts in drug seizure data",
    ru: "Обучение аналитиков работе с данными об изъятиях наркотиков",
  },
  {
    area: "I.7",
    en: "Secure communication for the interagency intelligence centre",
    ru: "Защищённая связь для межведомственного разведывательного центра",
  },
  {
    area: "I.8",
    en: "Detection dogs and handler training for the customs service",
    ru: "Служебные собаки и обучение кинологов таможенной службы",
  },
  {
    area: "I.9",
    en: "Container profiling training at the dry port",
    ru: "Обучение профилированию контейнеров в сухом порту",
  },
  {
    area: "II.1",
    en: "Case management software for the Financial Intelligence Unit",
    ru: "Программа учёта дел для подразделения финансовой разведки",
  },
  {
    area: "II.3",
    en: "Tracing cryptocurrency payments for drug shipments",
    ru: "Отслеживание криптовалютных платежей за партии наркотиков",
  },
  {
    area: "II.5",
    en: "Mentoring of financial investigators on drug cases",
    ru: "Наставничество для финансовых следователей по делам о наркотиках",
  },
  {
    area: "II.6",
    en: "Setting up an asset management office for confiscated property",
    ru: "Создание службы управления конфискованным имуществом",
  },
  {
    area: "III.1",
    en: "Database of suspicious precursor orders",
    ru: "База данных подозрительных заказов прекурсоров",
  },
  {
    area: "III.2",
    en: "Handheld Raman spectrometers for customs posts",
    ru: "Портативные рамановские спектрометры для таможенных постов",
  },
  {
    area: "III.3",
    en: "Accreditation of the national forensic laboratory",
    ru: "Аккредитация национальной судебно-экспертной лаборатории",
  },
  {
    area: "III.4",
    en: "Controlled delivery training for investigators",
    ru: "Обучение следователей контролируемым поставкам",
  },
  {
    area: "III.7",
    en: "Connection to the Pre-Export Notification Online system",
    ru: "Подключение к системе предварительного уведомления об экспорте",
  },
  {
    area: "IV.1",
    en: "School-based prevention programme in border districts",
    ru: "Школьная программа профилактики в приграничных районах",
  },
  {
    area: "IV.2",
    en: "Opioid substitution treatment sites in regional hospitals",
    ru: "Пункты заместительной терапии в областных больницах",
  },
  {
    area: "IV.3",
    en: "Naloxone and overdose prevention in the capital",
    ru: "Налоксон и профилактика передозировок в столице",
  },
  {
    area: "IV.4",
    en: "Vocational training in rehabilitation centres",
    ru: "Профессиональное обучение в реабилитационных центрах",
  },
  {
    area: "IV.5",
    en: "Training of treatment staff in international quality standards",
    ru: "Обучение персонала наркологических служб международным стандартам качества",
  },
];

export const PROJECT_SUMMARIES: Record<string, { en: string[]; ru: string[] }> = {
  I: {
    en: [
      "Equipment, training and mentoring for the agencies that stop opiates crossing the border.",
      "Builds the operational capacity of law enforcement along the route and links it to neighbouring services.",
    ],
    ru: [
      "Оборудование, обучение и наставничество для ведомств, пресекающих перемещение опиатов через границу.",
      "Развивает оперативный потенциал правоохранительных органов на маршруте и связывает их с соседними службами.",
    ],
  },
  II: {
    en: [
      "Helps investigators follow the money behind opiate trafficking and seize it.",
      "Strengthens the detection, analysis and prosecution of drug-related money laundering.",
    ],
    ru: [
      "Помогает следователям отслеживать и изымать деньги, стоящие за наркоторговлей.",
      "Укрепляет выявление, анализ и уголовное преследование отмывания наркодоходов.",
    ],
  },
  III: {
    en: [
      "Stops the chemicals needed to make heroin from reaching clandestine laboratories.",
      "Improves the identification of precursors and the investigation of their diversion.",
    ],
    ru: [
      "Препятствует попаданию химических веществ, нужных для производства героина, в подпольные лаборатории.",
      "Улучшает идентификацию прекурсоров и расследование их утечки.",
    ],
  },
  IV: {
    en: [
      "Evidence-based prevention and treatment services, in line with UNODC-WHO standards.",
      "Reduces the health and social harm of drug use in communities along the route.",
    ],
    ru: [
      "Научно обоснованные услуги профилактики и лечения в соответствии со стандартами ЮНОДК и ВОЗ.",
      "Снижает вред для здоровья и общества от употребления наркотиков в общинах на маршруте.",
    ],
  },
};

export const DESCRIPTION_SENTENCES: { en: string[]; ru: string[] } = {
  en: [
    "The activity answers a priority identified by the Paris Pact Expert Working Group.",
    "Training follows a train-the-trainer model so that the national academy can continue it.",
    "Equipment is handed over with maintenance contracts and spare parts for three years.",
    "Results are measured against baseline data collected in the first quarter.",
    "The beneficiary agency provides premises and assigns permanent staff.",
    "Coordination with other donors takes place through the Paris Pact's ADAM platform.",
    "Women officers are encouraged to take part and make up at least a third of trainees.",
  ],
  ru: [
    "Мероприятие отвечает приоритету, определённому экспертной рабочей группой Парижского пакта.",
    "Обучение строится по модели подготовки тренеров, чтобы национальная академия могла его продолжить.",
    "Оборудование передаётся вместе с договорами на обслуживание и запасными частями на три года.",
    "Результаты оцениваются по сравнению с исходными данными, собранными в первом квартале.",
    "Ведомство-получатель предоставляет помещения и назначает постоянный персонал.",
    "Координация с другими донорами ведётся через платформу ADAM Парижского пакта.",
    "Сотрудницам рекомендуется участвовать; они составляют не менее трети обучаемых.",
  ],
};

export const IMPLEMENTERS = ["UNODC", "OSCE", "IOM", "UNDP", "WHO", "National drug control agency", "Colombo Plan"];

export const RECOMMENDATIONS = [
  "EWG on cross-border cooperation, recommendation 3",
  "EWG on illicit financial flows, recommendation 2",
  "EWG on precursors, recommendation 5",
  "EWG on drug prevention and health, recommendation 1",
];
