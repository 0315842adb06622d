# Страницы реестра (/checkpoints): какие строки показаны на этой странице и
# ссылки на соседние страницы.
register-rows =
    { $total ->
        [one] Строки { $from }–{ $to } из { $shown }
        [few] Строки { $from }–{ $to } из { $shown }
        [many] Строки { $from }–{ $to } из { $shown }
       *[other] Строки { $from }–{ $to } из { $shown }
    }
register-page = Страница { $page } из { $pages }
register-pages = Страницы реестра
register-previous = Предыдущая страница
register-next = Следующая страница
