## The application

app-name = Мониторинг пунктов пропуска
skip-to-content = Перейти к содержанию
nav-label = Основное меню
nav-languages = Язык
nav-register = Пункты пропуска
crumbs-label = Навигационная цепочка
footer-text = Реконструкция автомобильных пунктов пропуска через Государственную границу Республики Казахстан. Сроки и время указаны по времени Астаны (UTC+5).
back-to-register = К списку пунктов пропуска

## Accounts

nav-users = Учётные записи
nav-audit = Журнал аудита
logout = Выйти
login-title = Вход в систему
login-submit = Войти
login-failed = Неверное имя пользователя или пароль.
login-incomplete = Введите имя пользователя и пароль.
login-throttled = Слишком много неудачных попыток входа. Повторите попытку после { $time } по времени Астаны (UTC+5).
field-username = Имя пользователя
field-password = Пароль
field-new-password = Новый пароль
field-generate-password = Сгенерировать пароль автоматически
field-display-name = Фамилия, имя, отчество
field-role = Роль
field-body = Отчитывающийся орган
field-active = Активна
users-title = Учётные записи
users-count =
    { $count ->
        [one] { $shown } учётная запись
        [few] { $shown } учётные записи
        [many] { $shown } учётных записей
       *[other] { $shown } учётной записи
    }
user-new = Новая учётная запись
user-edit-title = Редактирование учётной записи
action-reset-password = Сбросить пароль
password-reset-title = Сброс пароля
password-reset-for = Учётная запись: { $name } ({ $username })
password-reset-hint = При смене пароля все открытые сеансы этой учётной записи завершаются.
password-generated = Новый пароль показывается только один раз. Передайте его владельцу по защищённому каналу:
role-admin = Администратор
role-pm-office = Сотрудник Канцелярии Премьер-Министра
role-ministry-staff = Сотрудник государственного органа
role-analyst = Аналитик
body-none = Нет
value-yes = Да
value-no = Нет
error-password-short = Пароль должен содержать не менее 12 символов.
error-username = Допускается от 2 до 63 символов: строчные латинские буквы, цифры, точки, дефисы и нижнее подчёркивание; первый символ — буква или цифра.
error-username-taken = Это имя пользователя уже занято.
error-body-required = Для сотрудника государственного органа необходимо указать отчитывающийся орган.
error-body-only-staff = Отчитывающийся орган указывается только для сотрудников государственных органов.
error-own-admin = Нельзя снять с себя права администратора или отключить собственную учётную запись.

## Weekly reports

nav-reports = Еженедельные отчёты
reports-title = Еженедельные отчёты
reports-count =
    { $count ->
        [one] { $shown } отчёт
        [few] { $shown } отчёта
        [many] { $shown } отчётов
       *[other] { $shown } отчёта
    }
reports-empty = По заданным условиям отчётов пока нет.
filter-all-bodies = Все органы
filter-last-weeks = Последние 12 недель
field-week = Неделя
report-state = Состояние
report-revision = Редакция
report-file-this-week = Представить отчёт: { $week }
report-heading = { $body }: еженедельный отчёт ({ $week })
report-draft-heading = { $body }: черновик еженедельного отчёта ({ $week })
report-revision-n = Редакция { $number }
report-submitted-by = представлен: { $who }, { $when }
report-reviewed-by = { $status } — { $who }:
report-late = с опозданием
report-superseded = заменена более поздней редакцией
report-amend = Внести изменения
report-percent-delta =
    { $delta ->
        [0] без изменений
       *[other] { $shown } п. п.
    }
report-status-was = ранее: { $status }
report-issue-opened = новая проблема: { $issue }
report-issue-closed = закрыта: { $issue }
report-issue-summary = { $category }: { $text }
report-issues = Проблемы
report-issue-new = Добавить проблему…
report-review = Рассмотрение
report-mark-reviewed = Отметить как рассмотренный
report-return = Вернуть на доработку
report-revisions = Редакции
report-save = Сохранить черновик
report-submit = Представить отчёт
report-due = Срок представления: { $deadline } по времени Астаны (UTC+5)
report-previous-percent = по предыдущему отчёту: { $value }
field-proposed-status = Статус
field-narrative = Ход работ за неделю
field-next-week = План на следующую неделю
field-decrease = Причина снижения процента (обязательно, если значение ниже указанного в предыдущем отчёте)
field-proposed-date = Предлагаемая дата ввода в эксплуатацию
field-proposed-reason = Обоснование новой даты
field-issue-category = Категория проблемы
field-issue-severity = Критичность
field-issue-text = Проблема
field-review-comment = Комментарий
proposed-status-on-track = По графику
proposed-status-at-risk = Риск срыва сроков
proposed-status-delayed = Отставание от графика
proposed-status-commissioned = Введён в эксплуатацию
issue-category-equipment = Оснащение оборудованием
issue-category-internet = Доступ к интернету
issue-category-customs-staffing = Кадровый состав таможенной службы
issue-category-construction = Строительство
issue-category-financing = Финансирование
issue-category-other = Прочее
severity-low = Низкая
severity-medium = Средняя
severity-high = Высокая
revision-status-draft = Черновик
revision-status-submitted = Представлена
revision-status-reviewed = Рассмотрена
revision-status-returned = Возвращена на доработку
compliance-title = Соблюдение сроков представления отчётов
compliance-deadline = Срок представления еженедельного отчёта: { $deadline } по времени Астаны (UTC+5).
compliance-on-time = В срок
compliance-late = Представлен с опозданием
compliance-missing = Не представлен
compliance-open = Срок ещё не наступил
error-decrease-explain = Значение ниже указанного в предыдущем отчёте: укажите причину.
error-duplicate-checkpoint = Этот пункт пропуска указан дважды.
error-unknown-checkpoint = Такого пункта пропуска нет.
error-unknown-milestone = Этот этап не относится к данному пункту пропуска.


## Review of weekly reports (issue 9)

report-fate-matches-plan = Плановый срок уже совпадает с предложенным: решение не требуется.
report-fate-recorded-already = Выполнение этапа уже отмечено: решение не требуется.
checkpoint-milestone-accepted = принято Канцелярией Премьер-Министра и отмечено
checkpoint-milestone-waiting = ожидает решения Канцелярии Премьер-Министра

checkpoint-proposal = { $date }, предложено: { $body }, еженедельный отчёт за
checkpoint-proposal-accepted = Принято Канцелярией Премьер-Министра: плановый срок изменён (см. историю сроков).
checkpoint-proposal-declined = Отклонено Канцелярией Премьер-Министра: { $reason }

nav-queue =
    { $count ->
        [one] На рассмотрении: { $count }
        [few] На рассмотрении: { $count }
        [many] На рассмотрении: { $count }
       *[other] На рассмотрении: { $count }
    }
queue-title = Отчёты на рассмотрении
queue-count =
    { $count ->
        [one] { $count } отчёт ожидает рассмотрения, сначала самые ранние
        [few] { $count } отчёта ожидают рассмотрения, сначала самые ранние
        [many] { $count } отчётов ожидают рассмотрения, сначала самые ранние
       *[other] { $count } отчёта ожидают рассмотрения, сначала самые ранние
    }
queue-empty = Отчётов, ожидающих рассмотрения, нет.
field-submitted-at = Представлен
filter-all-states = Все состояния
report-filter-draft = Только черновик (ничего не представлено)
report-filter-submitted = Представлена, ожидает рассмотрения
report-filter-reviewed = Рассмотрена
report-filter-returned = Возвращена на доработку
revision-kind-first = первичное представление
revision-kind-correction = доработка
revision-kind-amendment = изменения
compliance-returned = Возвращён, срок доработки не истёк
compliance-not-corrected = Возвращён, не доработан
compliance-corrected-late = Доработан с опозданием
compliance-draft-started = Черновик начат
compliance-missing-draft-started = Не представлен (черновик начат)
report-draft-saved = Черновик сохранён. До представления его видит только ваш орган.
report-form-hint = По строке на каждый пункт пропуска, по которому отчитывается ваш орган; в разделе «Подробнее» — ход работ, планы, проблемы, этапы и предлагаемый срок. Остальные пункты пропуска свёрнуты ниже.
report-no-change-label = Изменений за неделю нет (представить без новых показателей)
report-no-change = Орган сообщает: изменений за неделю нет.
report-no-previous = предыдущего значения нет
report-details = Подробнее
report-other-checkpoints =
    { $count ->
        [one] { $count } другой пункт пропуска, не включённый в отчёт
        [few] { $count } других пункта пропуска, не включённых в отчёт
        [many] { $count } других пунктов пропуска, не включённых в отчёт
       *[other] { $count } других пункта пропуска, не включённых в отчёт
    }
report-issue-close = Решена (закрыть)
field-actual-finish-of = Дата выполнения этапа «{ $milestone }»
report-milestone-recorded = отмечен выполненным { $date }
report-returned-by = Возвращён на доработку: { $who }. Доработайте и представьте до { $due } по времени Астаны (UTC+5).
report-conflict = После того как вы открыли форму, отчёт сохранил или представил другой пользователь. Ваши данные не сохранены: введённые вами данные приведены ниже без изменений, а сохранённая версия — над ними. Сохраните ещё раз, чтобы заменить сохранённую версию своей.
report-conflict-stored = Сохранено сейчас
report-correct = Доработать отчёт
report-correction-due = Срок доработки: до { $due } по времени Астаны (UTC+5).
report-kind-correction = доработка возвращённой редакции
report-review-conflict = Пока вы читали отчёт, его рассмотрели или изменили; ничего не записано. Отчёт показан в текущем виде.
report-since-last-week = За неделю
report-since-revision = По сравнению с предыдущей редакцией
report-entry-new = включён впервые
report-narrative-changed = изменён ход работ
report-plan-changed = изменён план
report-proposals = Предлагаемые сроки ввода в эксплуатацию
report-proposed-date = { $date }, предложено: { $body }
report-fate-waiting = Ожидает решения Канцелярии Премьер-Министра; плановый срок не изменён.
report-fate-accepted = Принято ({ $who }, { $when }): плановый срок изменён.
report-fate-declined = Отклонено ({ $who }): { $reason }
report-fate-recorded = Принято ({ $who }, { $when }): отмечено в этапе.
report-decision = Решение
report-accept = Принять
report-decline = Отклонить
report-decline-reason = Причина отклонения
report-milestone-updates = Сведения о выполнении этапов
report-milestone-done-on = выполнен { $date }
error-actual-date-required = Укажите дату выполнения, например, 31.07.2026.
error-date-in-past = Предлагаемый срок не может быть в прошлом.
error-decision-required = Примите или отклоните.
error-invalid-number = Введите целое число.
error-report-empty = Укажите сведения хотя бы по одному пункту пропуска или отметьте «Изменений за неделю нет».
error-return-comment-required = Укажите, что нужно доработать: орган увидит этот комментарий в своей форме.
error-week-not-started = Эта неделя ещё не началась: отчёт за неделю можно представить начиная с её понедельника по времени Астаны (UTC+5).

## API tokens

nav-tokens = API-токены
tokens-title = Персональные API-токены
tokens-intro = Токен позволяет информационной системе вашей организации работать с API (docs/API.md) от вашего имени. Токен показывается один раз — при создании. Храните его в тайне и отзовите, когда он перестанет быть нужен.
token-created = Новый токен. Скопируйте его сейчас: повторно он показан не будет.
field-token-label = Название
token-create = Создать токен
token-prefix = Начало токена
token-created-at = Создан
token-last-used = Последнее использование
token-revoke = Отозвать
token-revoked-at = Отозван { $when }

## The audit trail

audit-title = Журнал аудита
audit-at = Время
audit-actor = Пользователь
audit-action = Действие
audit-entity = Объект
audit-entity-id = Идентификатор объекта
audit-client = IP-адрес
audit-request = Идентификатор запроса

## Generic values and actions

value-unknown = Неизвестно
date-unknown = Не задана
choice-unknown = Неизвестно
choice-select = Выберите…
date-placeholder = ДД.ММ.ГГГГ
date-hint = Например, 31.07.2026 или 2026-07-31.
action-edit = Изменить
action-save = Сохранить
action-cancel = Отмена
action-revise-date = Изменить дату
column-actions = Действия

## The register

register-title = Пункты пропуска
register-empty = Нет пунктов пропуска, соответствующих условиям фильтра.
checkpoint-new = Новый пункт пропуска
checkpoint-edit-title = Редактирование пункта пропуска
checkpoint-facts = Сведения
checkpoints-count =
    { $count ->
        [one] { $shown } пункт пропуска
        [few] { $shown } пункта пропуска
        [many] { $shown } пунктов пропуска
       *[other] { $shown } пункта пропуска
    }
filter-search = Поиск
filter-search-placeholder = Наименование латиницей или кириллицей
filter-apply = Применить
filter-clear = Сбросить фильтры
filter-all = Все ({ $shown })
filter-option = { $label } ({ $shown })
column-name = Наименование
column-border = Граница
column-region = Регион
column-status = Статус
column-planned = Плановый срок ввода в эксплуатацию

## Fields

field-name-en = Наименование (латиница)
field-name-ru = Наименование (на русском языке)
field-name-kk = Наименование (на казахском языке)
field-border = Граница
field-region = Регион
field-kind = Тип
field-programme = Программа
field-status = Статус
field-planned-commissioning = Плановый срок ввода в эксплуатацию
field-actual-commissioning = Фактический ввод в эксплуатацию
field-responsible-body = Ответственный орган
field-notes = Примечания
field-sources = Источники
field-title = Наименование
field-milestone-kind = Вид этапа
field-planned-start = Плановое начало
field-planned-finish = Плановое завершение
field-planned-dates = Плановые сроки
field-actual-finish = Фактическое завершение
field-date-confidence = Достоверность даты
field-percent = Процент выполнения
field-new-date = Новая дата
field-reason = Причина изменения
field-date-to-revise = Изменяемая дата

## Codes

border-CN = Китай
border-UZ = Узбекистан
border-TM = Туркменистан
border-RU = Россия
border-KG = Кыргызстан
border-unknown = Не указана
kind-road = Автомобильный
kind-passenger = Пассажирский
kind-unknown = Не указан
programme-eaeu-external-2025 = Внешняя граница ЕАЭС, план 2025 г.
programme-eaeu-internal = Внутренние границы ЕАЭС
programme-additional = Сверх плана
programme-unknown = Не указана
status-planned = Запланирован
status-in-reconstruction = На реконструкции
status-commissioned = Введён в эксплуатацию
status-suspended = Реконструкция приостановлена
status-unknown = Неизвестно
body-transport = Комитет автомобильных дорог Министерства транспорта Республики Казахстан
body-finance = Комитет государственных доходов Министерства финансов Республики Казахстан
body-border-service = Пограничная служба Комитета национальной безопасности Республики Казахстан
body-unknown = Не назначен
body-short-transport = КАД МТ РК
body-short-finance = КГД МФ РК
body-short-border-service = ПС КНБ РК
body-short-unknown = —
milestone-kind-design = Утверждение проектно-сметной документации
milestone-kind-contract = Заключение договора
milestone-kind-construction-start = Начало строительства
milestone-kind-roads-lanes = Дороги и полосы движения
milestone-kind-buildings = Здания и сооружения
milestone-kind-equipment = Установка оборудования
milestone-kind-internet = Подключение к интернету
milestone-kind-acceptance = Приёмка
milestone-kind-commissioning = Ввод в эксплуатацию
milestone-kind-other = Прочее
confidence-estimated = Оценочная
confidence-confirmed = Подтверждённая
date-field-commissioning = Ввод в эксплуатацию
date-field-start = Плановое начало
date-field-finish = Плановое завершение

## Milestones and the timeline of planned dates

milestones-title = Этапы
milestones-empty = Этапов пока нет.
milestone-new = Новый этап
milestone-edit-title = Редактирование этапа
timeline-title = Плановые сроки: история изменений
timeline-empty = Плановые сроки ещё не вносились.
timeline-baseline = Базовый план
timeline-milestone-date = { $milestone }, { $field }
timeline-by = { $who }, { $when }
baseline-was = (базовый план: { $date })
revise-commissioning-title = Изменение плановой даты ввода в эксплуатацию
revise-milestone-title = Изменение даты этапа
revise-current = Текущий план: { $date }
timeline-from-report = (предложено в еженедельном отчёте)
reason-first-plan = Первоначальный план
reason-milestone-created = Запланировано при создании этапа
reason-reference-data = Из справочного набора данных
reason-imported = Импортировано из { $file }

## Validation

form-has-errors =
    { $count ->
        [1] Исправьте поле, отмеченное ниже.
        [one] Исправьте { $shown } поле, отмеченное ниже.
        [few] Исправьте { $shown } поля, отмеченные ниже.
        [many] Исправьте { $shown } полей, отмеченных ниже.
       *[other] Исправьте поля, отмеченные ниже ({ $shown }).
    }
error-required = Обязательное поле.
error-too-long = Слишком длинное значение.
error-invalid-choice = Выберите одно из значений списка.
error-invalid-date = Введите дату в формате ДД.ММ.ГГГГ, например, 31.07.2026.
error-date-in-future = Фактическая дата не может быть в будущем.
error-finish-before-start = Дата завершения не может быть раньше даты начала.
error-percent = Введите целое число от 0 до 100.
error-reason-required = Укажите причину изменения даты.
error-date-unchanged = Указанная дата совпадает с текущей плановой.
error-not-found = Эта запись больше не существует.
error-invalid-characters = Значение содержит недопустимые символы.
error-name-taken = Пункт пропуска с таким наименованием уже существует.
error-stale = После того как вы открыли запись, её изменил другой пользователь. Введённые вами данные приведены ниже, но не сохранены: проверьте текущую версию записи и сохраните повторно, чтобы заменить её.

## Error pages

error-title-404 = Страница не найдена
error-text-404 = По этому адресу страницы нет. Возможно, она была перемещена или ссылка указана неверно.
error-title-500 = Произошла ошибка
error-text-500 = Сервер не смог выполнить запрос. Введённые данные не были сохранены даже частично. Повторите попытку; если ошибка повторится, сообщите идентификатор запроса, указанный ниже.
error-title-400 = Некорректный запрос
error-text-400 = Не удалось обработать запрос. Если вы перешли по ссылке или отправили форму этого сайта, вернитесь назад, обновите страницу и повторите попытку.
error-title-405 = Действие недопустимо
error-text-405 = Этот адрес не принимает запросы такого типа.
error-title-408 = Превышено время ожидания
error-text-408 = Запрос выполнялся слишком долго. Повторите попытку.
error-title-415 = Неподдерживаемый формат
error-text-415 = Отправленные данные имеют формат, который не принимается по этому адресу.
error-title-422 = Форма не распознана
error-text-422 = Не удалось прочитать форму. Вернитесь назад, обновите страницу и повторите попытку.
error-title-429 = Слишком много запросов
error-text-429 = Слишком много запросов за короткое время. Подождите немного и повторите попытку.
error-title-503 = Сервис временно недоступен
error-text-503 = Сервис временно недоступен. Повторите попытку через минуту.
error-title-401 = Требуется вход
error-text-401 = Для этого необходимо войти в систему.
error-title-403 = Доступ запрещён
error-text-403 = У вашей учётной записи нет прав на это действие, или срок действия формы истёк. Вернитесь назад, обновите страницу и повторите попытку.
error-title-409 = Данные уже изменены
error-text-409 = Пока вы работали, эти данные изменил другой пользователь, поэтому ничего не изменено. Обновите страницу, чтобы увидеть текущее состояние.
error-title-413 = Слишком большой объём
error-text-413 = Отправленные данные слишком велики.
error-request-id = Идентификатор запроса: { $id }

## Account and API errors

nav-change-password = Сменить пароль
account-password-title = Смена пароля
field-current-password = Текущий пароль
field-confirm-password = Новый пароль ещё раз
account-password-hint = При смене пароля все другие открытые сеансы вашей учётной записи завершаются, этот сеанс продолжается. Ваши API-токены продолжают действовать: если они больше не нужны, отзовите их на странице «API-токены».
account-password-submit = Сменить пароль
account-password-changed = Пароль изменён. Другие ваши сеансы завершены, этот сеанс продолжается. Ваши API-токены продолжают действовать.
error-current-password = Текущий пароль указан неверно.
error-password-mismatch = Новый пароль и его повтор не совпадают.
audit-change = Изменение
audit-show-change = Показать
audit-before = До
audit-after = После
audit-draft-hidden = Черновик сохранён — содержание доступно только отчитывающемуся органу

## Обзор (задача 10)

nav-overview = Обзор
nav-compliance = Соблюдение сроков
overview-title = Обзор
overview-programmes = По программам
overview-borders = По границам
overview-reporting = Представление отчётов
overview-in-register = В реестре
overview-target = Цель
overview-against-target = Выполнение цели
overview-target-of = { $count } к концу { $year } г.
overview-no-target = Цель не задана
overview-progress = Введено в эксплуатацию { $commissioned } из { $target } запланированных
overview-progress-missing = Введено в эксплуатацию { $commissioned } из { $target } запланированных; ещё не внесено в реестр: { $missing }
overview-edit-target = Изменить цель
overview-this-week = Текущая неделя ({ $week })
overview-last-week = Прошлая неделя ({ $week })
overview-queue =
    { $count ->
        [one] { $count } отчёт ожидает рассмотрения
        [few] { $count } отчёта ожидают рассмотрения
        [many] { $count } отчётов ожидают рассмотрения
       *[other] { $count } отчёта ожидают рассмотрения
    }
overview-queue-oldest = Самый ранний: { $body }, { $week }, представлен { $when }
programme-target-title = Цель программы: { $programme }
programme-target-hint = Сколько пунктов пропуска программа должна ввести в эксплуатацию и к концу какого года. Оставьте оба поля пустыми, если цель не задана.
field-target-count = Пунктов пропуска ввести в эксплуатацию
field-target-year = К концу года
error-target-count = Введите целое число от 1 до 1000.
error-target-year = Введите год от 2000 до 2100.
error-target-incomplete = Укажите и число, и год либо оставьте оба поля пустыми.

## The overview: checkpoints that need attention (issue 10)

overview-slipping = Отстающие пункты пропуска (жёлтые и красные)
overview-slipping-none = Жёлтых и красных пунктов пропуска нет.
overview-checkpoint = Пункт пропуска
overview-rag = Цвет
rag-green = Зелёный
rag-amber = Жёлтый
rag-red = Красный
overview-baseline = Базовая дата
overview-planned = Плановая дата
overview-pending = Предложено, ждёт решения
overview-forecast = Прогноз
overview-forecast-too-few = слишком мало отчётов для прогноза
overview-forecast-no-progress = нет продвижения
overview-forecast-done = 100 % достигнуто { $date }
overview-slip-plan = Отставание от плана, дней
overview-slip-baseline = Отставание от базовой даты, дней
overview-latest-percent = Последний процент по органам
overview-last-report = Последний отчёт
overview-page = Страница { $page } из { $pages }
overview-previous = Назад
overview-next = Далее
overview-disagreement = Органы расходятся
overview-disagreement-hint = Последние проценты разных органов расходятся более чем на { $points } пунктов.
overview-disagreement-none = Расхождений между органами нет.
overview-spread = Разница, пунктов
overview-recurring = Повторяющиеся проблемы
overview-recurring-none = Открытых проблем нет.
overview-category = Категория
overview-affected = Затронутые пункты пропуска
overview-weeks-running =
    { $count ->
        [one] { $count } неделю подряд
        [few] { $count } недели подряд
       *[other] { $count } недель подряд
    }

## Цвет, установленный Канцелярией Премьер-Министра (задача 10)
rag-override-section = Цвет, установленный Канцелярией Премьер-Министра
rag-override-title = Установить цвет пункта пропуска
rag-override-hint = Установленный цвет показывается с вашим именем рядом с рассчитанным, пока его не отменят.
rag-override-none = Цвет рассчитан по правилам; Канцелярия Премьер-Министра его не устанавливала.
rag-override-by = Установил(а) { $who }, { $when }
rag-choose = Выберите цвет
field-rag = Цвет
field-rag-reason = Причина
action-rag-override = Установить цвет
action-rag-lift = Отменить установленный цвет
rag-set-by-pm-office = установлен Канцелярией Премьер-Министра
rag-computed = по расчёту: { $colour }
error-rag-required = Выберите цвет.
error-rag-reason-required = Укажите, почему устанавливается цвет.
