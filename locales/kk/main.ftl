## The application

app-name = Өткізу пункттерінің мониторингі
skip-to-content = Негізгі мазмұнға өту
nav-label = Негізгі мәзір
nav-languages = Тіл
nav-register = Өткізу пункттері
crumbs-label = Навигация тізбегі
footer-text = Қазақстан Республикасының Мемлекеттік шекарасы арқылы автомобиль өткізу пункттерін реконструкциялау. Мерзімдер мен уақыт Астана уақытымен (UTC+5) көрсетілген.
back-to-register = Өткізу пункттерінің тізіміне оралу

## Accounts

nav-users = Есептік жазбалар
nav-audit = Аудит журналы
logout = Шығу
login-title = Жүйеге кіру
login-submit = Кіру
login-failed = Пайдаланушы аты немесе құпиясөз қате.
login-incomplete = Пайдаланушы аты мен құпиясөзді енгізіңіз.
login-throttled = Сәтсіз кіру әрекеттері тым көп. Қайта кіру Астана уақытымен (UTC+5) { $time } кейін мүмкін болады.
field-username = Пайдаланушы аты
field-password = Құпиясөз
field-new-password = Жаңа құпиясөз
field-generate-password = Құпиясөзді автоматты түрде жасау
field-display-name = Тегі, аты, әкесінің аты
field-role = Рөлі
field-body = Есеп беретін орган
field-active = Белсенді
users-title = Есептік жазбалар
users-count =
    { $count ->
        [one] { $shown } есептік жазба
       *[other] { $shown } есептік жазба
    }
user-new = Жаңа есептік жазба
user-edit-title = Есептік жазбаны өңдеу
action-reset-password = Құпиясөзді қалпына келтіру
password-reset-title = Құпиясөзді қалпына келтіру
password-reset-for = Есептік жазба: { $name } ({ $username })
password-reset-hint = Құпиясөз ауыстырылғанда осы есептік жазбаның барлық ашық сеанстары аяқталады.
password-generated = Жаңа құпиясөз тек бір рет көрсетіледі. Оны иесіне қорғалған арна арқылы беріңіз:
role-admin = Әкімші
role-pm-office = Премьер-Министр Кеңсесінің қызметкері
role-ministry-staff = Мемлекеттік орган қызметкері
role-analyst = Талдаушы
body-none = Жоқ
value-yes = Иә
value-no = Жоқ
error-password-short = Құпиясөз кемінде 12 таңбадан тұруы тиіс.
error-username = Пайдаланушы аты 2–63 таңбадан тұруы тиіс: кіші латын әріптері, цифрлар, нүкте, дефис немесе астыңғы сызықша; бірінші таңба — әріп немесе цифр.
error-username-taken = Бұл пайдаланушы аты басқа есептік жазбаға тіркелген.
error-body-required = Мемлекеттік орган қызметкері үшін есеп беретін органды көрсету қажет.
error-body-only-staff = Есеп беретін орган тек мемлекеттік орган қызметкерлері үшін көрсетіледі.
error-own-admin = Өзіңізден әкімші құқықтарын алып тастауға немесе өз есептік жазбаңызды өшіруге болмайды.

## Weekly reports

nav-reports = Апталық есептер
reports-title = Апталық есептер
reports-count =
    { $count ->
        [one] { $shown } есеп
       *[other] { $shown } есеп
    }
reports-empty = Таңдалған шарттар бойынша әзірге есеп жоқ.
filter-all-bodies = Барлық органдар
filter-last-weeks = Соңғы 12 апта
field-week = Апта
report-state = Жай-күйі
report-revision = Редакция
report-file-this-week = Есепті ұсыну: { $week }
report-heading = { $body }: апталық есеп ({ $week })
report-draft-heading = { $body }: апталық есептің жобасы ({ $week })
report-revision-n = { $number }-редакция
report-submitted-by = ұсынған: { $who }, { $when }
report-reviewed-by = { $status } — { $who }:
report-late = кешіктіріліп
report-superseded = кейінгі редакциямен ауыстырылды
report-amend = Өзгерістер енгізу
report-percent-delta =
    { $delta ->
        [0] өзгеріссіз
       *[other] { $shown } т. п.
    }
report-status-was = бұрын: { $status }
report-issue-opened = жаңа мәселе: { $issue }
report-issue-closed = жабылды: { $issue }
report-issue-summary = { $category }: { $text }
report-issues = Мәселелер
report-issue-new = Мәселе қосу…
report-review = Қарау
report-mark-reviewed = Қаралды деп белгілеу
report-return = Пысықтауға қайтару
report-revisions = Редакциялар
report-save = Жобаны сақтау
report-submit = Есепті ұсыну
report-due = Ұсыну мерзімі: Астана уақытымен (UTC+5) { $deadline }
report-previous-percent = алдыңғы есеп бойынша: { $value }
field-proposed-status = Мәртебесі
field-narrative = Апта ішіндегі жұмыстардың барысы
field-next-week = Келесі аптаға арналған жоспар
field-decrease = Пайыздың төмендеу себебі (мән алдыңғы есептегіден төмен болса, міндетті)
field-proposed-date = Ұсынылатын пайдалануға беру күні
field-proposed-reason = Жаңа күннің негіздемесі
field-issue-category = Мәселе санаты
field-issue-severity = Маңыздылық деңгейі
field-issue-text = Мәселе
field-review-comment = Түсініктеме
proposed-status-on-track = Кестеге сәйкес
proposed-status-at-risk = Мерзімнің бұзылу қаупі бар
proposed-status-delayed = Кестеден артта қалуда
proposed-status-commissioned = Пайдалануға берілген
issue-category-equipment = Жабдықпен жарақтандыру
issue-category-internet = Интернетке қолжетімділік
issue-category-customs-staffing = Кеден қызметінің кадрлық құрамы
issue-category-construction = Құрылыс
issue-category-financing = Қаржыландыру
issue-category-other = Басқа
severity-low = Төмен
severity-medium = Орташа
severity-high = Жоғары
revision-status-draft = Жоба
revision-status-submitted = Ұсынылды
revision-status-reviewed = Қаралды
revision-status-returned = Пысықтауға қайтарылды
compliance-title = Есептерді ұсыну мерзімдерінің сақталуы
compliance-deadline = Апталық есепті ұсыну мерзімі: Астана уақытымен (UTC+5) { $deadline }.
compliance-on-time = Мерзімінде
compliance-late = Кешіктіріліп ұсынылды
compliance-missing = Ұсынылмаған
compliance-open = Мерзімі әлі келмеген
error-decrease-explain = Мән алдыңғы есепте көрсетілгеннен төмен: себебін көрсетіңіз.
error-duplicate-checkpoint = Бұл өткізу пункті екі рет көрсетілген.
error-unknown-checkpoint = Мұндай өткізу пункті жоқ.
error-unknown-milestone = Бұл кезең осы өткізу пунктіне жатпайды.


## Review of weekly reports (issue 9)

report-fate-matches-plan = Жоспарлы мерзім ұсынылғанмен сәйкес келеді: шешім қажет емес.
report-fate-recorded-already = Кезеңнің орындалуы белгіленіп қойған: шешім қажет емес.
checkpoint-milestone-accepted = Премьер-Министр Кеңсесі қабылдады және белгіленді
checkpoint-milestone-waiting = Премьер-Министр Кеңсесінің шешімін күтуде

checkpoint-proposal = { $date }, ұсынған: { $body }, апталық есеп:
checkpoint-proposal-accepted = Премьер-Министр Кеңсесі қабылдады: жоспарлы мерзім өзгертілді (мерзімдер тарихын қараңыз).
checkpoint-proposal-declined = Премьер-Министр Кеңсесі қабылдамады: { $reason }

nav-queue =
    { $count ->
        [one] Қарауда: { $count }
       *[other] Қарауда: { $count }
    }
queue-title = Қарауды күтетін есептер
queue-count =
    { $count ->
        [one] { $count } есеп қарауды күтуде, алдымен ең ертелері
       *[other] { $count } есеп қарауды күтуде, алдымен ең ертелері
    }
queue-empty = Қарауды күтетін есеп жоқ.
field-submitted-at = Ұсынылған уақыты
filter-all-states = Барлық жай-күйлер
report-filter-draft = Тек жоба (ештеңе ұсынылмаған)
report-filter-submitted = Ұсынылды, қарауды күтуде
report-filter-reviewed = Қаралды
report-filter-returned = Пысықтауға қайтарылды
revision-kind-first = алғашқы ұсыну
revision-kind-correction = пысықтау
revision-kind-amendment = өзгерістер
compliance-returned = Қайтарылды, пысықтау мерзімі өтпеген
compliance-not-corrected = Қайтарылды, пысықталмаған
compliance-corrected-late = Кешіктіріліп пысықталды
compliance-draft-started = Жоба басталды
compliance-missing-draft-started = Ұсынылмаған (жоба басталды)
report-draft-saved = Жоба сақталды. Ұсынылғанға дейін оны тек сіздің органыңыз көреді.
report-form-hint = Органыңыз есеп беретін әр өткізу пункті бір жолда; «Толығырақ» бөлімінде — жұмыс барысы, жоспарлар, мәселелер, кезеңдер және ұсынылатын мерзім. Басқа өткізу пункттері төменде жиналған.
report-no-change-label = Апта ішінде өзгеріс жоқ (жаңа көрсеткіштерсіз ұсыну)
report-no-change = Орган хабарлайды: апта ішінде өзгеріс жоқ.
report-no-previous = алдыңғы мән жоқ
report-details = Толығырақ
report-other-checkpoints =
    { $count ->
        [one] есепке енгізілмеген { $count } басқа өткізу пункті
       *[other] есепке енгізілмеген { $count } басқа өткізу пункті
    }
report-issue-close = Шешілді (жабу)
field-actual-finish-of = «{ $milestone }» кезеңінің орындалған күні
report-milestone-recorded = { $date } орындалды деп белгіленген
report-returned-by = Пысықтауға қайтарды: { $who }. Пысықтап, Астана уақытымен (UTC+5) { $due } дейін ұсыныңыз.
report-conflict = Сіз нысанды ашқаннан кейін есепті басқа пайдаланушы сақтады немесе ұсынды. Сіздің деректеріңіз сақталмады: енгізген деректеріңіз төменде өзгеріссіз берілген, ал сақталған нұсқа олардың үстінде. Сақталған нұсқаны өзіңікімен ауыстыру үшін қайта сақтаңыз.
report-conflict-stored = Қазір сақталғаны
report-correct = Есепті пысықтау
report-correction-due = Пысықтау мерзімі: Астана уақытымен (UTC+5) { $due } дейін.
report-kind-correction = қайтарылған редакцияны пысықтау
report-review-conflict = Сіз есепті оқып отырғанда оны қарады немесе өзгертті; ештеңе жазылмады. Есеп қазіргі күйінде көрсетілген.
report-since-last-week = Апта ішінде
report-since-revision = Алдыңғы редакциямен салыстырғанда
report-entry-new = алғаш енгізілді
report-narrative-changed = жұмыс барысы өзгертілді
report-plan-changed = жоспар өзгертілді
report-proposals = Пайдалануға берудің ұсынылатын мерзімдері
report-proposed-date = { $date }, ұсынған: { $body }
report-fate-waiting = Премьер-Министр Кеңсесінің шешімін күтуде; жоспарлы мерзім өзгертілмеген.
report-fate-accepted = Қабылданды ({ $who }, { $when }): жоспарлы мерзім өзгертілді.
report-fate-declined = Қабылданбады ({ $who }): { $reason }
report-fate-recorded = Қабылданды ({ $who }, { $when }): кезеңде белгіленді.
report-decision = Шешім
report-accept = Қабылдау
report-decline = Қабылдамау
report-decline-reason = Қабылдамау себебі
report-milestone-updates = Кезеңдердің орындалуы туралы мәліметтер
report-milestone-done-on = { $date } орындалды
error-actual-date-required = Орындалған күнін көрсетіңіз, мысалы, 31.07.2026.
error-date-in-past = Ұсынылатын мерзім өткен күн бола алмайды.
error-decision-required = Қабылдаңыз немесе қабылдамаңыз.
error-invalid-number = Бүтін сан енгізіңіз.
error-report-empty = Кемінде бір өткізу пункті бойынша мәлімет көрсетіңіз немесе «Апта ішінде өзгеріс жоқ» белгісін қойыңыз.
error-return-comment-required = Нені пысықтау керегін көрсетіңіз: орган бұл түсініктемені өз нысанында көреді.
error-week-not-started = Бұл апта әлі басталған жоқ: апталық есепті Астана уақытымен (UTC+5) оның дүйсенбісінен бастап ұсынуға болады.

## API tokens

nav-tokens = API-токендер
tokens-title = Жеке API-токендер
tokens-intro = Токен Сіздің ұйымыңыздың ақпараттық жүйесіне API (docs/API.md) арқылы Сіздің атыңыздан жұмыс істеуге мүмкіндік береді. Токен бір рет — жасалған кезде көрсетіледі. Оны құпия сақтаңыз және қажет болмай қалғанда күшін жойыңыз.
token-created = Жаңа токен. Оны қазір көшіріп алыңыз: ол қайта көрсетілмейді.
field-token-label = Атауы
token-create = Токен жасау
token-prefix = Токеннің басы
token-created-at = Жасалған күні
token-last-used = Соңғы пайдаланылған күні
token-revoke = Күшін жою
token-revoked-at = Күші жойылды: { $when }

## The audit trail

audit-title = Аудит журналы
audit-at = Уақыты
audit-actor = Пайдаланушы
audit-action = Әрекет
audit-entity = Объект
audit-entity-id = Объект идентификаторы
audit-client = IP-мекенжай
audit-request = Сұрау идентификаторы

## Generic values and actions

value-unknown = Белгісіз
date-unknown = Белгіленбеген
choice-unknown = Белгісіз
choice-select = Таңдаңыз…
date-placeholder = КК.АА.ЖЖЖЖ
date-hint = Мысалы, 31.07.2026 немесе 2026-07-31.
action-edit = Өңдеу
action-save = Сақтау
action-cancel = Бас тарту
action-revise-date = Күнді өзгерту
column-actions = Әрекеттер

## The register

register-title = Өткізу пункттері
register-empty = Сүзгі шарттарына сәйкес келетін өткізу пункті жоқ.
checkpoint-new = Жаңа өткізу пункті
checkpoint-edit-title = Өткізу пунктін өңдеу
checkpoint-facts = Мәліметтер
checkpoints-count =
    { $count ->
        [one] { $shown } өткізу пункті
       *[other] { $shown } өткізу пункті
    }
filter-search = Іздеу
filter-search-placeholder = Латын немесе кирилл әліпбиіндегі атауы
filter-apply = Қолдану
filter-clear = Сүзгілерді тазарту
filter-all = Барлығы ({ $shown })
filter-option = { $label } ({ $shown })
column-name = Атауы
column-border = Шекара
column-region = Өңір
column-status = Мәртебесі
column-planned = Пайдалануға берудің жоспарлы мерзімі

## Fields

field-name-en = Атауы (латын әліпбиімен)
field-name-ru = Атауы (орыс тілінде)
field-name-kk = Атауы (қазақ тілінде)
field-border = Шекара
field-region = Өңір
field-kind = Түрі
field-programme = Бағдарлама
field-status = Мәртебесі
field-planned-commissioning = Пайдалануға берудің жоспарлы мерзімі
field-actual-commissioning = Нақты пайдалануға беру
field-responsible-body = Жауапты орган
field-notes = Ескертпелер
field-sources = Дереккөздер
field-title = Атауы
field-milestone-kind = Кезең түрі
field-planned-start = Жоспарлы басталуы
field-planned-finish = Жоспарлы аяқталуы
field-planned-dates = Жоспарлы мерзімдер
field-actual-finish = Нақты аяқталуы
field-date-confidence = Күннің нақтылығы
field-percent = Орындалу пайызы
field-new-date = Жаңа күн
field-reason = Өзгерту себебі
field-date-to-revise = Өзгертілетін күн

## Codes

border-CN = Қытай
border-UZ = Өзбекстан
border-TM = Түрікменстан
border-RU = Ресей
border-KG = Қырғызстан
border-unknown = Көрсетілмеген
kind-road = Автомобиль
kind-passenger = Жолаушылар
kind-unknown = Көрсетілмеген
programme-eaeu-external-2025 = ЕАЭО сыртқы шекарасы, 2025 жылғы жоспар
programme-eaeu-internal = ЕАЭО ішкі шекаралары
programme-additional = Жоспардан тыс
programme-unknown = Көрсетілмеген
status-planned = Жоспарланған
status-in-reconstruction = Реконструкциялануда
status-commissioned = Пайдалануға берілген
status-suspended = Тоқтатыла тұрған
status-unknown = Белгісіз
body-transport = Қазақстан Республикасы Көлік министрлігінің Автомобиль жолдары комитеті
body-finance = Қазақстан Республикасы Қаржы министрлігінің Мемлекеттік кірістер комитеті
body-border-service = Қазақстан Республикасы Ұлттық қауіпсіздік комитетінің Шекара қызметі
body-unknown = Тағайындалмаған
body-short-transport = ҚР КМ АЖК
body-short-finance = ҚР ҚМ МКК
body-short-border-service = ҚР ҰҚК ШҚ
body-short-unknown = —
milestone-kind-design = Жобалау-сметалық құжаттаманы бекіту
milestone-kind-contract = Шарт жасасу
milestone-kind-construction-start = Құрылыстың басталуы
milestone-kind-roads-lanes = Жолдар мен қозғалыс жолақтары
milestone-kind-buildings = Ғимараттар мен құрылыстар
milestone-kind-equipment = Жабдықты орнату
milestone-kind-internet = Интернетке қосу
milestone-kind-acceptance = Қабылдау
milestone-kind-commissioning = Пайдалануға беру
milestone-kind-other = Басқа
confidence-estimated = Болжамды
confidence-confirmed = Расталған
date-field-commissioning = Пайдалануға беру
date-field-start = Жоспарлы басталуы
date-field-finish = Жоспарлы аяқталуы

## Milestones and the timeline of planned dates

milestones-title = Кезеңдер
milestones-empty = Әзірге кезеңдер жоқ.
milestone-new = Жаңа кезең
milestone-edit-title = Кезеңді өңдеу
timeline-title = Жоспарлы мерзімдер: өзгерістер тарихы
timeline-empty = Жоспарлы мерзімдер әлі енгізілмеген.
timeline-baseline = Базалық жоспар
timeline-milestone-date = { $milestone }, { $field }
timeline-by = { $who }, { $when }
baseline-was = (базалық жоспар: { $date })
revise-commissioning-title = Жоспарлы пайдалануға беру күнін өзгерту
revise-milestone-title = Кезең күнін өзгерту
revise-current = Ағымдағы жоспар: { $date }
timeline-from-report = (апталық есепте ұсынылған)
reason-first-plan = Бастапқы жоспар
reason-milestone-created = Кезең құрылған кезде жоспарланған
reason-reference-data = Анықтамалық деректер жиынтығынан
reason-imported = { $file } файлынан импортталды

## Validation

form-has-errors =
    { $count ->
        [one] Төменде белгіленген өрісті түзетіңіз.
       *[other] Төменде белгіленген { $shown } өрісті түзетіңіз.
    }
error-required = Бұл өрісті толтыру міндетті.
error-too-long = Мән тым ұзын.
error-invalid-choice = Тізімдегі мәндердің бірін таңдаңыз.
error-invalid-date = Күнді КК.АА.ЖЖЖЖ түрінде енгізіңіз, мысалы, 31.07.2026.
error-date-in-future = Нақты күн болашақта болуы мүмкін емес.
error-finish-before-start = Аяқталу күні басталу күнінен ерте болуы мүмкін емес.
error-percent = 0-ден 100-ге дейінгі бүтін санды енгізіңіз.
error-reason-required = Күннің өзгеру себебін көрсетіңіз.
error-date-unchanged = Бұл күн ағымдағы жоспарлы күнмен сәйкес келеді.
error-not-found = Бұл жазба енді жоқ.
error-invalid-characters = Мәнде сақтауға болмайтын таңбалар бар.
error-name-taken = Осындай атауы бар өткізу пункті бұрыннан бар.
error-stale = Сіз жазбаны ашқаннан кейін оны басқа пайдаланушы өзгертті. Сіз енгізген деректер төменде көрсетілген, бірақ сақталмаған: жазбаның ағымдағы нұсқасын тексеріп, оны ауыстыру үшін қайта сақтаңыз.

## Error pages

error-title-404 = Бет табылмады
error-text-404 = Бұл мекенжай бойынша бет жоқ. Ол басқа орынға ауыстырылған немесе сілтеме қате болуы мүмкін.
error-title-500 = Қате орын алды
error-text-500 = Сервер сұрауды орындай алмады. Енгізілген деректер ішінара да сақталған жоқ. Қайталап көріңіз; қате қайталанса, төменде көрсетілген сұрау идентификаторын хабарлаңыз.
error-title-400 = Қате сұрау
error-text-400 = Сұрауды өңдеу мүмкін болмады. Егер Сіз сілтеме бойынша өтсеңіз немесе осы сайттың нысанын жіберсеңіз, артқа қайтып, бетті жаңартып, қайталап көріңіз.
error-title-405 = Әрекетке рұқсат етілмейді
error-text-405 = Бұл мекенжай мұндай түрдегі сұрауларды қабылдамайды.
error-title-408 = Күту уақыты асып кетті
error-text-408 = Сұрау тым ұзақ орындалды. Қайталап көріңіз.
error-title-415 = Қолдау көрсетілмейтін формат
error-text-415 = Жіберілген деректердің форматы бұл мекенжайда қабылданбайды.
error-title-422 = Нысан танылмады
error-text-422 = Нысанды оқу мүмкін болмады. Артқа қайтып, бетті жаңартып, қайталап көріңіз.
error-title-429 = Сұраулар тым көп
error-text-429 = Қысқа уақыт ішінде сұраулар тым көп жіберілді. Біраз күтіп, қайталап көріңіз.
error-title-503 = Қызмет уақытша қолжетімсіз
error-text-503 = Қызмет уақытша қолжетімсіз. Бір минуттан кейін қайталап көріңіз.
error-title-401 = Жүйеге кіру қажет
error-text-401 = Бұл әрекет үшін жүйеге кіру қажет.
error-title-403 = Қол жеткізуге тыйым салынған
error-text-403 = Сіздің есептік жазбаңызда бұл әрекетке құқық жоқ немесе нысанның қолданылу мерзімі өтіп кеткен. Артқа қайтып, бетті жаңартып, қайталап көріңіз.
error-title-409 = Деректер өзгертіліп қойған
error-text-409 = Сіз жұмыс істеп жатқанда бұл деректерді басқа пайдаланушы өзгертті, сондықтан ештеңе өзгертілмеді. Ағымдағы жай-күйін көру үшін бетті жаңартыңыз.
error-title-413 = Көлемі тым үлкен
error-text-413 = Жіберілген деректердің көлемі тым үлкен.
error-request-id = Сұрау идентификаторы: { $id }

## Account and API errors

nav-change-password = Құпиясөзді ауыстыру
account-password-title = Құпиясөзді ауыстыру
field-current-password = Ағымдағы құпиясөз
field-confirm-password = Жаңа құпиясөзді қайталаңыз
account-password-hint = Құпиясөз ауыстырылғанда есептік жазбаңыздың басқа ашық сеанстарының барлығы аяқталады, осы сеанс жалғасады. API-токендеріңіз жарамды болып қала береді: қажет болмаса, «API-токендер» бетінде олардың күшін жойыңыз.
account-password-submit = Құпиясөзді ауыстыру
account-password-changed = Құпиясөз ауыстырылды. Басқа сеанстарыңыз аяқталды, осы сеанс жалғасады. API-токендеріңіз жарамды болып қала береді.
error-current-password = Ағымдағы құпиясөз қате енгізілді.
error-password-mismatch = Жаңа құпиясөз бен оның қайталамасы сәйкес келмейді.
audit-change = Өзгеріс
audit-show-change = Көрсету
audit-before = Дейін
audit-after = Кейін
audit-draft-hidden = Жоба сақталды — мазмұнын тек есеп беретін орган көре алады

## Шолу (10-міндет)

nav-overview = Шолу
nav-compliance = Мерзімдердің сақталуы
overview-title = Шолу
overview-programmes = Бағдарламалар бойынша
overview-borders = Шекаралар бойынша
overview-reporting = Есептердің ұсынылуы
overview-in-register = Тізілімде
overview-target = Мақсат
overview-against-target = Мақсаттың орындалуы
overview-target-of = { $year } жылдың соңына дейін { $count }
overview-no-target = Мақсат белгіленбеген
overview-progress = Жоспарланған { $target } өткізу пунктінің пайдалануға берілгені: { $commissioned }
overview-progress-missing = Жоспарланған { $target } өткізу пунктінің пайдалануға берілгені: { $commissioned }; тізілімге әлі енгізілмегені: { $missing }
overview-edit-target = Мақсатты өзгерту
overview-this-week = Ағымдағы апта ({ $week })
overview-last-week = Өткен апта ({ $week })
overview-queue =
    { $count ->
        [one] { $count } есеп қарауды күтуде
       *[other] { $count } есеп қарауды күтуде
    }
overview-queue-oldest = Ең ертесі: { $body }, { $week }, ұсынылған уақыты: { $when }
programme-target-title = Бағдарламаның мақсаты: { $programme }
programme-target-hint = Бағдарлама қанша өткізу пунктін қай жылдың соңына дейін пайдалануға беруі тиіс. Мақсат белгіленбесе, екі өрісті де бос қалдырыңыз.
field-target-count = Пайдалануға берілетін өткізу пункттерінің саны
field-target-year = Қай жылдың соңына дейін
error-target-count = 1-ден 1000-ға дейінгі бүтін сан енгізіңіз.
error-target-year = 2000 бен 2100 аралығындағы жылды енгізіңіз.
error-target-incomplete = Санды да, жылды да көрсетіңіз немесе екеуін де бос қалдырыңыз.

## The overview: checkpoints that need attention (issue 10)

overview-slipping = Кешігіп жатқан өткізу пункттері (сары және қызыл)
overview-slipping-none = Сары немесе қызыл өткізу пункті жоқ.
overview-checkpoint = Өткізу пункті
overview-rag = Түсі
rag-green = Жасыл
rag-amber = Сары
rag-red = Қызыл
overview-baseline = Базалық күн
overview-planned = Жоспарлы күн
overview-pending = Ұсынылған, шешім күтуде
overview-forecast = Болжам
overview-forecast-too-few = болжам үшін есептер тым аз
overview-forecast-no-progress = ілгерілеу жоқ
overview-forecast-done = 100 % { $date } жетті
overview-slip-plan = Жоспардан кешігу, күн
overview-slip-baseline = Базалық күннен кешігу, күн
overview-latest-percent = Органдар бойынша соңғы пайыз
overview-last-report = Соңғы есеп
overview-page = { $pages } беттің { $page }-беті
overview-previous = Алдыңғы
overview-next = Келесі
overview-disagreement = Органдар келіспейді
overview-disagreement-hint = Әртүрлі органдардың соңғы пайыздары { $points } пункттен астам алшақ.
overview-disagreement-none = Органдар арасында алшақтық жоқ.
overview-spread = Айырма, пункт
overview-recurring = Қайталанатын мәселелер
overview-recurring-none = Ашық мәселелер жоқ.
overview-category = Санат
overview-affected = Қамтылған өткізу пункттері
overview-weeks-running = { $count } апта қатарынан

## Премьер-Министр Кеңсесі белгілеген түс (10-міндет)
rag-override-section = Премьер-Министр Кеңсесі белгілеген түс
rag-override-title = Өткізу пунктінің түсін белгілеу
rag-override-hint = Белгіленген түс күші жойылғанға дейін есептелген түстің қасында сіздің атыңызбен көрсетіледі.
rag-override-none = Түс ережелер бойынша есептелген; Премьер-Министр Кеңсесі түс белгілемеген.
rag-override-by = Белгілеген: { $who }, { $when }
rag-choose = Түсті таңдаңыз
field-rag = Түсі
field-rag-reason = Себебі
action-rag-override = Түсті белгілеу
action-rag-lift = Белгіленген түстің күшін жою
rag-set-by-pm-office = Премьер-Министр Кеңсесі белгілеген
rag-computed = есеп бойынша: { $colour }
error-rag-required = Түсті таңдаңыз.
error-rag-reason-required = Түс не үшін белгіленетінін көрсетіңіз.
