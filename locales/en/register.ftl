# The register's pages (/checkpoints): which rows this page shows, and the
# links to the pages before and after it.
register-rows =
    { $total ->
        [one] Row { $from }–{ $to } of { $shown }
       *[other] Rows { $from }–{ $to } of { $shown }
    }
register-page = Page { $page } of { $pages }
register-pages = Pages of the register
register-previous = Previous page
register-next = Next page
