## The audit trail: actions and records in words. The stored codes
## (`report.submit`) stay in the exports and in the page's title attributes.

audit-action-auth-login = Жүйеге кіру
audit-action-auth-login-failed = Жүйеге кіру сәтсіз аяқталды
audit-action-auth-login-throttled = Жүйеге кіруден бас тартылды (әрекеттер тым көп)
audit-action-auth-logout = Жүйеден шығу
audit-action-checkpoint-create = Өткізу пункті қосылды
audit-action-checkpoint-update = Өткізу пункті өзгертілді
audit-action-checkpoint-rag-override = Мәртебе түсі қолмен белгіленді
audit-action-checkpoint-rag-lift = Мәртебе түсін қолмен белгілеу тоқтатылды
audit-action-date-revise = Мерзім қайта қаралды
audit-action-milestone-create = Кезең қосылды
audit-action-milestone-update = Кезең өзгертілді
audit-action-programme-target = Бағдарламаның нысаналы көрсеткіші белгіленді
audit-action-official-appoint = Лауазымды тұлға тағайындалды
audit-action-official-vacate = Лауазым бос қалды
audit-action-report-save-draft = Есеп жобасы сақталды
audit-action-report-open-draft = Есеп жобасы ашылды
audit-action-report-submit = Есеп ұсынылды
audit-action-report-amend = Есепке өзгерістер енгізілді
audit-action-report-review = Есеп қаралды
audit-action-export-download = Экспорт жүктеліп алынды
audit-action-export-page = Экспорт беті оқылды
audit-action-token-create = API-токен жасалды
audit-action-token-revoke = API-токеннің күші жойылды
audit-action-user-create = Тіркелгі жасалды
audit-action-user-update = Тіркелгі өзгертілді
audit-action-user-disable = Тіркелгі өшірілді
audit-action-user-set-password = Құпиясөз қалпына келтірілді
audit-action-user-change-own-password = Өз құпиясөзі өзгертілді

audit-entity-checkpoint = Өткізу пункті
audit-entity-milestone = Кезең
audit-entity-programme = Бағдарлама
audit-entity-official = Лауазымды тұлға
audit-entity-report-revision = Есептің редакциясы
audit-entity-export = Экспорт
audit-entity-api-token = API-токен
audit-entity-user = Тіркелгі

audit-any-action = Кез келген әрекет
audit-any-entity = Кез келген объект
audit-from = Басы
audit-to = Соңы
audit-date-hint = Астана уақытымен (UTC+5) күн.
audit-error-date = Күнді енгізіңіз, мысалы 31.07.2026.
audit-field = Өріс
audit-pages = Аудит журналының беттері
audit-newer = Жаңарақ жазбалар
audit-older = Ертерек жазбалар
audit-count =
    { $count ->
        [one] { $shown } жазба
       *[other] { $shown } жазба
    }
