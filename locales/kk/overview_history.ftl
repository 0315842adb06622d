# Өткен аптаның соңындағы шолу және оның басып шығаруға арналған анықтамасы (10-тапсырма).
overview-print = Басып шығаруға арналған анықтама (A4)
overview-briefing-now = Бағдарлама шолуы, { $week }. Басылған уақыты: { $printed }.
overview-briefing-as-of = Апта соңындағы жағдай бойынша бағдарлама шолуы: { $week }. Басылған уақыты: { $printed }.
overview-as-of-banner = Апта соңындағы жағдай: { $week }, жексенбі, { $sunday }, Астана уақытымен (UTC+5) сағат 24:00. Осы уақытқа дейін ұсынылған есептер мен енгізілген өзгерістер ғана ескерілген.
overview-as-of-now = Бүгінгі шолуды көрсету
overview-as-of-label = Апта соңындағы жағдай
overview-as-of-hint = Аяқталған апта, мысалы 2026-W05. Ағымдағы жағдайды көру үшін бос қалдырыңыз.
overview-as-of-show = Көрсету
overview-as-of-invalid = Аптаны жыл және апта нөмірі түрінде көрсетіңіз, мысалы 2026-W05.
overview-border-slipping = Кешігіп жатқандар
overview-as-of-links = Басқа апталар
overview-as-of-last-week = Өткен апта соңындағы жағдай
overview-as-of-month-ago = Төрт апта бұрын
overview-as-of-week-before = Бір апта бұрын
overview-as-of-week-after = Бір аптадан кейін
overview-coordinators = Өңірлердегі үйлестірушілер
overview-accountable = Жауапты: { $holder }
overview-coordinator = Үйлестіруші: { $holder }
overview-progress-title = Бағдарламаның орындалу барысы
overview-progress-hint = Жоспар: әрбір өткізу пунктінің дайындығы жұмыс басталған күннен пайдалануға берудің жоспарлы күніне дейінгі түзу бойынша, әр аптаның соңындағы жоспар бойынша; нақты: әрбір пункттің соңғы ұсынылған дайындық пайызы. Екеуі де өткізу пункттері бойынша орташа мән.
overview-more =
    { $count ->
        [one] және тағы { $count } өткізу пункті
       *[other] және тағы { $count } өткізу пункті
    }
