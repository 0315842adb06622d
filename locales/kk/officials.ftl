# Есеп беретін мемлекеттік органдардың жауапты лауазымды адамдары және өңірлердегі үйлестірушілер (/officials).
officials-title = Жауапты лауазымды адамдар мен үйлестірушілер
officials-intro = Премьер-Министр есеп беретін мемлекеттік органдардың басшыларына дербес жауапкершілік жүктеп, министрліктердің басшыларын өңірлерге үйлестіруші ретінде жіберді. Мұнда бүгін әрбір мемлекеттік орган мен әрбір өңір үшін кім жауап беретіні және қай күннен бастап екені көрсетілген.
officials-bodies-title = Мемлекеттік органдардың жауапты лауазымды адамдары
officials-regions-title = Өңірлердегі үйлестірушілер
officials-regions-empty = Тізілімде өңірі көрсетілген өткізу пункттері әзірге жоқ.
officials-regions-group = Өңірлер
officials-column-body = Мемлекеттік орган
officials-column-region = Өңір
officials-column-holder = Жауапты тұлға
officials-column-position = Лауазымы
officials-column-since = Лауазымға кіріскен күні
officials-column-history = Тарихы
officials-none = Тағайындалмаған
officials-vacant = Лауазым бос
officials-from = { $date } бастап
officials-upcoming = әлі күшіне енген жоқ
officials-recorded = Жазбаны енгізген: { $who }, { $at } Астана уақытымен (UTC+5)
officials-history-count =
    { $count ->
        [one] { $shown } жазба
       *[other] { $shown } жазба
    }
officials-choose-post = Мемлекеттік органды немесе өңірді таңдаңыз
officials-field-post = Мемлекеттік орган немесе өңір
officials-field-name = Тегі, аты, әкесінің аты
officials-field-position = Лауазымы
officials-field-from = Лауазымға кіріскен күні
officials-field-vacant-from = Лауазым бос болған күн
officials-appoint-title = Тағайындауды енгізу
officials-appoint-hint = Жаңа тағайындау көрсетілген күннен бастап бұрынғысын ауыстырады; бұрынғысы тарихта сақталады. Қатені түзету үшін тағайындауды сол күнмен қайта енгізіңіз.
officials-vacancy-title = Бос лауазым туралы мәліметті енгізу
officials-vacancy-hint = Осы күннен бастап жаңа тағайындау енгізілгенге дейін лауазым бос.
officials-action-appoint = Тағайындауды енгізу
officials-action-vacate = Бос лауазымды белгілеу
error-official-from-range = 01.01.2020 күнінен ерте емес және бүгіннен бастап бір жылдан кеш емес күнді көрсетіңіз, мысалы, 31.07.2026.
nav-officials = Жауапты тұлғалар
