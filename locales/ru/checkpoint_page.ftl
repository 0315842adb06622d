# Страница пункта пропуска: что говорят отчёты, состояние на неделю и графики (задача 10).

as-of-label = Показать по состоянию на конец недели
as-of-show = Показать
as-of-hint = Страница в том виде, в каком она была известна в воскресенье в 24:00 по времени Астаны (UTC+5).
as-of-banner = По состоянию на { $date }, конец недели ({ $week })
as-of-back-now = Вернуться к текущему состоянию
as-of-not-yet = На конец этой недели пункта пропуска ещё не было в реестре.
as-of-invalid-title = Неделя указана неверно
as-of-invalid = «{ $value }» — не неделя: выберите её в календаре или введите в виде 2026-W05.

checkpoint-reports-title = Что говорят отчёты
checkpoint-reports-empty = Этот пункт пропуска ещё не упоминался ни в одном отчёте.
checkpoint-proposed-status = Предлагаемый статус
checkpoint-report-week = Неделя отчёта
checkpoint-responsible = (ответственный)
checkpoint-forecast-too-few = Прогноз: слишком мало отчётов для прогноза.
checkpoint-forecast-no-progress = Прогноз: при нынешнем темпе продвижения нет.
checkpoint-forecast-on = Прогноз: 100 % к { $date } по динамике отчётов.
checkpoint-forecast-done = Завершение (100 %) отмечено { $date }.
checkpoint-issues-title = Открытые проблемы
checkpoint-issues-empty = В последних отчётах открытых проблем нет.
checkpoint-issue-category = Категория
checkpoint-issue-text = Проблема
checkpoint-issue-severity = Критичность
checkpoint-issue-since = Сообщается с
checkpoint-issue-run =
    { $count ->
        [one] { $week } ({ $count } неделя подряд)
        [few] { $week } ({ $count } недели подряд)
        [many] { $week } ({ $count } недель подряд)
       *[other] { $week } ({ $count } недели подряд)
    }
checkpoint-rag-by-rule = Цвет по правилам:
checkpoint-slip =
    { $days ->
        [one] отставание от плана { $days } день
        [few] отставание от плана { $days } дня
        [many] отставание от плана { $days } дней
       *[other] отставание от плана { $days } дня
    }
checkpoint-ahead =
    { $days ->
        [one] опережение плана на { $days } день
        [few] опережение плана на { $days } дня
        [many] опережение плана на { $days } дней
       *[other] опережение плана на { $days } дня
    }
checkpoint-slip-none = отставание измерить нельзя
checkpoint-baseline-dates = Базовый план (начало – окончание)

chart-table = Те же данные таблицей
chart-column-note = Примечание
chart-axis-week = Неделя
chart-axis-date = Дата
chart-axis-percent = Готовность, %
chart-axis-mean-percent = Средняя готовность, %
chart-axis-milestones = Этапы
chart-legend-reported = По отчётам
chart-legend-forecast = Прогноз
chart-legend-planned = По плану
chart-legend-baseline = Базовый план
chart-legend-current = Текущий план
chart-legend-actual = Фактическое завершение
chart-legend-today = Сегодня
chart-legend-as-of = На { $date }
chart-span = { $start } – { $finish }
chart-trend-title = Готовность по отчётам за каждую неделю
chart-trend-empty = Процент готовности ещё не сообщался.
chart-trend-desc =
    { $weeks ->
        [one] { $weeks } неделя с отчётами, последний — { $percent } % ({ $week }).
        [few] { $weeks } недели с отчётами, последний — { $percent } % ({ $week }).
        [many] { $weeks } недель с отчётами, последний — { $percent } % ({ $week }).
       *[other] { $weeks } недели с отчётами, последний — { $percent } % ({ $week }).
    }
chart-trend-desc-forecast =
    { $weeks ->
        [one] { $weeks } неделя с отчётами, последний — { $percent } % ({ $week }); по динамике 100 % будет достигнуто { $date }.
        [few] { $weeks } недели с отчётами, последний — { $percent } % ({ $week }); по динамике 100 % будет достигнуто { $date }.
        [many] { $weeks } недель с отчётами, последний — { $percent } % ({ $week }); по динамике 100 % будет достигнуто { $date }.
       *[other] { $weeks } недели с отчётами, последний — { $percent } % ({ $week }); по динамике 100 % будет достигнуто { $date }.
    }
chart-gantt-title = График этапов: базовый и текущий план
chart-gantt-empty = Этапы не внесены.
chart-gantt-desc =
    { $count ->
        [one] { $count } этап с датами базового и текущего плана и фактическим завершением; линия отмечает { $date }.
        [few] { $count } этапа с датами базового и текущего плана и фактическим завершением; линия отмечает { $date }.
        [many] { $count } этапов с датами базового и текущего плана и фактическим завершением; линия отмечает { $date }.
       *[other] { $count } этапа с датами базового и текущего плана и фактическим завершением; линия отмечает { $date }.
    }
chart-s-curve-title = S-кривая программы: плановая и фактическая готовность
chart-s-curve-empty = Пока нет ни плана, ни отчётов.
chart-s-curve-desc = { $week }: плановая готовность программы — { $planned }, по отчётам — { $reported } (в среднем по пунктам пропуска).
