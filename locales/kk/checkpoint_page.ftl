# Өткізу пунктінің беті: есептер не дейді, апта бойынғы жағдай және графиктер (10-тапсырма).

as-of-label = Аптаның соңындағы жағдайды көрсету
as-of-show = Көрсету
as-of-hint = Бет жексенбі күні сағат 24:00-де Астана уақытымен (UTC+5) белгілі болған күйінде.
as-of-banner = { $date } жағдай бойынша, апта соңы ({ $week })
as-of-back-now = Қазіргі жағдайға оралу
as-of-not-yet = Сол аптаның соңында бұл өткізу пункті тізілімде әлі болмаған.
as-of-invalid-title = Апта қате көрсетілген
as-of-invalid = «{ $value }» апта емес: оны күнтізбеден таңдаңыз немесе 2026-W05 түрінде енгізіңіз.

checkpoint-reports-title = Есептер не дейді
checkpoint-reports-empty = Бұл өткізу пункті әлі ешбір есепте аталмаған.
checkpoint-proposed-status = Ұсынылған мәртебе
checkpoint-report-week = Есеп аптасы
checkpoint-responsible = (жауапты)
checkpoint-forecast-too-few = Болжам: болжам жасау үшін есептер тым аз.
checkpoint-forecast-no-progress = Болжам: қазіргі қарқынмен ілгерілеу жоқ.
checkpoint-forecast-on = Болжам: есептердің серпіні бойынша 100 % { $date } жетеді.
checkpoint-forecast-done = Аяқталуы (100 %) { $date } белгіленді.
checkpoint-issues-title = Ашық мәселелер
checkpoint-issues-empty = Соңғы есептерде ашық мәселелер жоқ.
checkpoint-issue-category = Санат
checkpoint-issue-text = Мәселе
checkpoint-issue-severity = Маңыздылық деңгейі
checkpoint-issue-since = Хабарланған уақыты
checkpoint-issue-run =
    { $count ->
        [one] { $week } ({ $count } апта қатарынан)
       *[other] { $week } ({ $count } апта қатарынан)
    }
checkpoint-rag-by-rule = Ережелер бойынша түсі:
checkpoint-slip =
    { $days ->
        [one] жоспардан { $days } күн артта қалу
       *[other] жоспардан { $days } күн артта қалу
    }
checkpoint-ahead =
    { $days ->
        [one] жоспардан { $days } күн озып келеді
       *[other] жоспардан { $days } күн озып келеді
    }
checkpoint-slip-none = артта қалуды өлшеу мүмкін емес
checkpoint-baseline-dates = Базалық жоспар (басы – соңы)

chart-table = Сол деректер кесте түрінде
chart-column-note = Ескертпе
chart-axis-week = Апта
chart-axis-date = Күні
chart-axis-percent = Дайындық, %
chart-axis-mean-percent = Орташа дайындық, %
chart-axis-milestones = Кезеңдер
chart-legend-reported = Есептер бойынша
chart-legend-forecast = Болжам
chart-legend-planned = Жоспар бойынша
chart-legend-baseline = Базалық жоспар
chart-legend-current = Қазіргі жоспар
chart-legend-actual = Нақты аяқталуы
chart-legend-today = Бүгін
chart-legend-as-of = { $date } жағдай бойынша
chart-span = { $start } – { $finish }
chart-trend-title = Апта сайынғы есептер бойынша дайындық
chart-trend-empty = Дайындық пайызы әлі хабарланбаған.
chart-trend-desc =
    { $weeks ->
        [one] Есеп берілген { $weeks } апта, соңғысы — { $percent } % ({ $week }).
       *[other] Есеп берілген { $weeks } апта, соңғысы — { $percent } % ({ $week }).
    }
chart-trend-desc-forecast =
    { $weeks ->
        [one] Есеп берілген { $weeks } апта, соңғысы — { $percent } % ({ $week }); серпін бойынша 100 % { $date } жетеді.
       *[other] Есеп берілген { $weeks } апта, соңғысы — { $percent } % ({ $week }); серпін бойынша 100 % { $date } жетеді.
    }
chart-gantt-title = Кезеңдер кестесі: базалық және қазіргі жоспар
chart-gantt-empty = Кезеңдер енгізілмеген.
chart-gantt-desc =
    { $count ->
        [one] Базалық және қазіргі жоспар күндері мен нақты аяқталуы бар { $count } кезең; сызық { $date } белгілейді.
       *[other] Базалық және қазіргі жоспар күндері мен нақты аяқталуы бар { $count } кезең; сызық { $date } белгілейді.
    }
chart-s-curve-title = Бағдарламаның S-қисығы: жоспарлы және нақты дайындық
chart-s-curve-empty = Әзірге жоспар да, есеп те жоқ.
chart-s-curve-desc = { $week }: бағдарламаның жоспарлы дайындығы — { $planned }, есептер бойынша — { $reported } (өткізу пункттері бойынша орташа).
