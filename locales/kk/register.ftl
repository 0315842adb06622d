# Тізілім беттері (/checkpoints): осы бетте көрсетілген жолдар және көрші
# беттерге сілтемелер.
register-rows =
    { $total ->
        [one] { $shown } жолдың { $from }–{ $to }
       *[other] { $shown } жолдың { $from }–{ $to }
    }
register-page = { $pages } беттің { $page }-беті
register-pages = Тізілім беттері
register-previous = Алдыңғы бет
register-next = Келесі бет
