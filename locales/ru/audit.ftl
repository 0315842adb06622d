## The audit trail: actions and records in words. The stored codes
## (`report.submit`) stay in the exports and in the page's title attributes.

audit-action-auth-login = Вход в систему
audit-action-auth-login-failed = Неудачная попытка входа
audit-action-auth-login-throttled = Вход отклонён (слишком много попыток)
audit-action-auth-logout = Выход из системы
audit-action-checkpoint-create = Пункт пропуска добавлен
audit-action-checkpoint-update = Пункт пропуска изменён
audit-action-checkpoint-rag-override = Цвет статуса установлен вручную
audit-action-checkpoint-rag-lift = Ручная установка цвета статуса отменена
audit-action-date-revise = Срок пересмотрен
audit-action-milestone-create = Этап добавлен
audit-action-milestone-update = Этап изменён
audit-action-programme-target = Целевой показатель программы установлен
audit-action-official-appoint = Должностное лицо назначено
audit-action-official-vacate = Должность вакантна
audit-action-report-save-draft = Черновик отчёта сохранён
audit-action-report-open-draft = Черновик отчёта открыт
audit-action-report-submit = Отчёт представлен
audit-action-report-amend = В отчёт внесены изменения
audit-action-report-review = Отчёт рассмотрен
audit-action-export-download = Выгрузка скачана
audit-action-export-page = Страница выгрузки прочитана
audit-action-token-create = API-токен создан
audit-action-token-revoke = API-токен отозван
audit-action-user-create = Учётная запись создана
audit-action-user-update = Учётная запись изменена
audit-action-user-disable = Учётная запись отключена
audit-action-user-set-password = Пароль сброшен
audit-action-user-change-own-password = Собственный пароль изменён

audit-entity-checkpoint = Пункт пропуска
audit-entity-milestone = Этап
audit-entity-programme = Программа
audit-entity-official = Должностное лицо
audit-entity-report-revision = Редакция отчёта
audit-entity-export = Выгрузка
audit-entity-api-token = API-токен
audit-entity-user = Учётная запись

audit-any-action = Любое действие
audit-any-entity = Любой объект
audit-from = С
audit-to = По
audit-date-hint = День по времени Астаны (UTC+5).
audit-error-date = Введите дату, например 31.07.2026.
audit-field = Поле
audit-pages = Страницы журнала аудита
audit-newer = Более новые записи
audit-older = Более ранние записи
audit-count =
    { $count ->
        [one] { $shown } запись
        [few] { $shown } записи
        [many] { $shown } записей
       *[other] { $shown } записи
    }
