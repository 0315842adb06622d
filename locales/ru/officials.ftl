# Ответственные должностные лица государственных органов и координаторы в регионах (/officials).
officials-title = Ответственные должностные лица и координаторы
officials-intro = Премьер-Министр возложил персональную ответственность на руководителей отчитывающихся государственных органов и направил руководителей министерств в регионы в качестве координаторов. Здесь указано, кто сегодня отвечает за каждый государственный орган и каждый регион и с какой даты.
officials-bodies-title = Ответственные должностные лица государственных органов
officials-regions-title = Координаторы в регионах
officials-regions-empty = В реестре пока нет пунктов пропуска с указанным регионом.
officials-regions-group = Регионы
officials-column-body = Государственный орган
officials-column-region = Регион
officials-column-holder = Ответственное лицо
officials-column-position = Должность
officials-column-since = В должности с
officials-column-history = История
officials-none = Не назначено
officials-vacant = Должность вакантна
officials-from = с { $date }
officials-upcoming = ещё не вступило в силу
officials-recorded = Запись внесена: { $who }, { $at } по времени Астаны (UTC+5)
officials-history-count =
    { $count ->
        [one] { $shown } запись
        [few] { $shown } записи
        [many] { $shown } записей
       *[other] { $shown } записи
    }
officials-choose-post = Выберите государственный орган или регион
officials-field-post = Государственный орган или регион
officials-field-name = Фамилия, имя, отчество
officials-field-position = Должность
officials-field-from = Дата вступления в должность
officials-field-vacant-from = Должность вакантна с
officials-appoint-title = Внести назначение
officials-appoint-hint = Новое назначение заменяет прежнее с указанной даты; прежнее остаётся в истории. Чтобы исправить ошибку, внесите назначение повторно с той же датой.
officials-vacancy-title = Внести сведения о вакантной должности
officials-vacancy-hint = С этой даты должность никем не занята — до внесения нового назначения.
officials-action-appoint = Внести назначение
officials-action-vacate = Отметить вакансию
error-official-from-range = Укажите дату не ранее 01.01.2020 и не позднее чем через год от сегодняшнего дня, например, 31.07.2026.
nav-officials = Ответственные лица
