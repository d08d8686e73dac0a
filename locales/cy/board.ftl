# Health staff's board (templates/board*.html, web::board) and the live controls.

board-updated-at = Diweddarwyd am { $time }.
board-check-updates = Gwirio am ddiweddariadau
board-incoming = Ar y ffordd
board-announce-incoming = Ar y ffordd: heddlu { $force }, disgwylir am { $time }
board-expected-at = Disgwylir am { $time }
board-police-force = Heddlu: { $force }
board-held-here = Yn cael eu cadw yma
board-waiting = Yn aros
board-nobody-held = Nid oes neb yn cael ei gadw yma.
board-nobody-waiting = Nid oes neb yn aros i gael ei drosglwyddo.
board-count-held = { $n } yn cael eu cadw yma
board-count-waiting = { $n } yn aros
board-count-breaches = { $n } y tu hwnt i'r targed o { $target }
board-caption-held = Pobl sy'n cael eu cadw yma, yr hynaf yn gyntaf
board-caption-waiting = Pobl sy'n aros i gael eu trosglwyddo, yr hynaf yn gyntaf
board-col-case = Achos
board-col-arrived = Wedi cyrraedd
board-col-wait-handover = Aros am drosglwyddiad
board-col-waiting = Yn aros
board-col-status = Statws
board-col-action = Cam gweithredu
board-announce-arrival = Wedi cyrraedd: { $reference }, { $site }
board-announce-breach = { $reference }: y tu hwnt i'r targed o { $target }
board-force-officers = { $force }, { $n ->
    [one] 1 swyddog
    [two] 2 swyddog
   *[other] { $n } swyddog
}
board-handed-over-at = Trosglwyddwyd am { $time }
board-offered-at = Cynigiwyd trosglwyddo am { $time }
board-check-overdue = Gwiriad yn hwyr
board-confirm-handover = Cadarnhau trosglwyddo
board-record-check = Cofnodi gwiriad iechyd
board-for-case = ar gyfer { $reference }
board-title-waiting = Yn aros yn { $site }
board-title-held = Yn cael eu cadw yn { $site }
board-handed-over-after = Trosglwyddwyd ar ôl { $waited }
board-handed-over-after-late = Trosglwyddwyd ar ôl { $waited } (y tu hwnt i'r targed)
board-stay-agreed = Gofynnwyd i'r heddlu aros: cytunwyd
board-stay-refused = Gofynnwyd i'r heddlu aros: ni chytunwyd
board-stay-awaiting = Gofynnwyd i'r heddlu aros: yn aros am ateb
board-no-site = Nid oes man diogel ar eich cyfrif. Gofynnwch i weinyddwr osod un.

## Live updates (templates/live_controls.html, static/live.js)
live-paused = Mae'r diweddariadau wedi'u hoedi.
live-on = Byw: mae newidiadau'n ymddangos yma wrth iddynt ddigwydd.
live-fallback = Nid oes diweddariadau byw ar gael: mae'r dudalen hon yn gwirio am newidiadau bob { $seconds } eiliad.
live-every = Mae'r dudalen hon yn diweddaru bob { $seconds } eiliad.
live-pause = Oedi diweddariadau
live-resume = Ailddechrau diweddariadau
live-sound = Sain pan fydd rhywun yn cyrraedd neu pan fydd y targed wedi'i dorri (y ddyfais hon)
