# Обзор на конец прошедшей недели и его печатная справка (задача 10).
overview-print = Справка для печати (A4)
overview-briefing-now = Обзор программы, { $week }. Напечатано { $printed }.
overview-briefing-as-of = Обзор программы по состоянию на конец недели: { $week }. Напечатано { $printed }.
overview-as-of-banner = По состоянию на конец недели { $week }: воскресенье { $sunday }, 24:00 по времени Астаны (UTC+5). Учтены только отчёты, представленные к этому времени, и изменения, внесённые к нему.
overview-as-of-now = Показать обзор на сегодня
overview-as-of-label = На конец недели
overview-as-of-hint = Завершившаяся неделя, например 2026-W05. Оставьте пустым, чтобы видеть текущее состояние.
overview-as-of-show = Показать
overview-as-of-invalid = Укажите неделю в виде года и номера недели, например 2026-W05.
overview-border-slipping = Отстающие
overview-as-of-links = Другие недели
overview-as-of-last-week = На конец прошлой недели
overview-as-of-month-ago = Четыре недели назад
overview-as-of-week-before = Неделей раньше
overview-as-of-week-after = Неделей позже
overview-coordinators = Координаторы в регионах
overview-accountable = Ответственный: { $holder }
overview-coordinator = Координатор: { $holder }
overview-progress-title = Ход реализации программы
overview-progress-hint = План: готовность каждого пункта пропуска по прямой от начала работ до плановой даты ввода в эксплуатацию, как она была запланирована на конец каждой недели; факт: последний представленный процент готовности каждого пункта. Оба показателя — средние по пунктам пропуска.
overview-more =
    { $count ->
        [one] и ещё { $count } пункт пропуска
        [few] и ещё { $count } пункта пропуска
        [many] и ещё { $count } пунктов пропуска
       *[other] и ещё { $count } пункта пропуска
    }
