# Shared by every page: dates, counts, the frame, error pages, signing in.

## Dates (crate::i18n::date, ::day)
date-format = { $day } { $month } { $year }
day-format = { $weekday } { $date }
month-1 = Ionawr
month-2 = Chwefror
month-3 = Mawrth
month-4 = Ebrill
month-5 = Mai
month-6 = Mehefin
month-7 = Gorffennaf
month-8 = Awst
month-9 = Medi
month-10 = Hydref
month-11 = Tachwedd
month-12 = Rhagfyr
weekday-1 = dydd Llun
weekday-2 = dydd Mawrth
weekday-3 = dydd Mercher
weekday-4 = dydd Iau
weekday-5 = dydd Gwener
weekday-6 = dydd Sadwrn
weekday-7 = dydd Sul

month-short-1 = Ion
month-short-2 = Chwef
month-short-3 = Maw
month-short-4 = Ebr
month-short-5 = Mai
month-short-6 = Meh
month-short-7 = Gorff
month-short-8 = Awst
month-short-9 = Medi
month-short-10 = Hyd
month-short-11 = Tach
month-short-12 = Rhag
weekday-short-1 = Llun
weekday-short-2 = Maw
weekday-short-3 = Mer
weekday-short-4 = Iau
weekday-short-5 = Gwe
weekday-short-6 = Sad
weekday-short-7 = Sul

## Counts (CLDR cy: zero 0, one 1, two 2, few 3, many 6, other)
duration-minutes = { $n ->
    [zero] { $n } munud
    [one] 1 munud
    [two] 2 funud
    [few] { $n } munud
    [many] { $n } munud
   *[other] { $n } munud
}
duration-hours = { $n ->
    [one] 1 awr
    [two] 2 awr
   *[other] { $n } awr
}

## The frame (templates/base.html, web::layout)
service-name = Trosglwyddiadau adran 136
skip-to-content = Neidio i'r prif gynnwys
home-link-label = Hafan Trosglwyddiadau adran 136
your-account = eich cyfrif
sign-out = Allgofnodi
menu-browse = Pori
menu-more = Rhagor
language-switch-label = Iaith
footer-text = Traciwr trosglwyddo adran 136. Targed: trosglwyddo o fewn yr amser a bennwyd gan y gwasanaeth hwn (mae'r Cytundeb Partneriaeth Cenedlaethol, Gofal Cywir, Person Cywir, yn dweud o fewn awr i gyrraedd). Amser y DU yw'r amseroedd.
nav-account-label = Cyfrif
nav-menu-label = Dewislen
nav-cases = Achosion
nav-log-arrival = Cofnodi cyrraedd
nav-board = Bwrdd
nav-reports = Adroddiadau
nav-admin = Gosod
nav-tokens = Tocynnau API
error-summary-title = Mae problem wedi codi
error-prefix = Gwall:
title-error-prefix = Gwall:

## Errors every edge can give (crate::error)
error-fields = Nid yw rhai o'r manylion yn gywir. Cywirwch y meysydd a enwir.
error-not-found = Nid oeddem yn gallu dod o hyd i'r dudalen na'r achos hwnnw. Gwiriwch y cyfeirnod a rhowch gynnig arall arni.
error-sign-in = Mewngofnodwch i barhau.
error-internal = Aeth rhywbeth o'i le ar ein hochr ni. Ni chadwyd dim. Rhowch gynnig arall arni mewn munud.
error-unavailable = Nid yw'r gronfa ddata yn ateb. Ni chadwyd dim. Rhowch gynnig arall arni mewn munud.
error-csrf = Mae'r ffurflen hon wedi dod i ben neu ni ddaeth o'r gwasanaeth hwn, felly ni chadwyd dim. Ewch yn ôl, ail-lwythwch y dudalen a rhowch gynnig arall arni.
error-change-password-first = Newidiwch eich cyfrinair cyn i chi barhau.

## Error page titles (web::error_page)
error-title-bad-request = Mae problem gyda'r cais
error-title-unauthorized = Mewngofnodi
error-title-csrf = Mae eich ffurflen wedi dod i ben
error-title-forbidden = Ni allwch wneud hyn
error-title-not-found = Heb ddod o hyd i'r dudalen
error-title-conflict = Mae'r achos hwn wedi newid
error-title-too-large = Mae'r cais yn rhy fawr
error-title-media-type = Math o gynnwys nad yw'n cael ei gefnogi
error-title-too-many = Gormod o ymdrechion
error-title-unavailable = Nid yw'r gwasanaeth ar gael
error-title-internal = Mae'n ddrwg gennym, mae problem gyda'r gwasanaeth
error-title-change-password = Newid eich cyfrinair
error-home-link = Ewch i'ch hafan

## Signing in (templates/login.html)
login-title = Mewngofnodi
login-username = Enw defnyddiwr
login-password = Cyfrinair
login-button = Mewngofnodi
login-sso-heading = Neu mewngofnodwch gyda chyfrif eich sefydliad
login-sso-button = Mewngofnodi gyda { $provider }

## Times typed in forms (domain::time)
time-format = Rhowch { $what } fel dyddiad ac amser, er enghraifft 21/11/2026 14:05
time-gap = Nid oedd { $time } yn y DU: aeth y clociau ymlaen awr. Rhowch { $what } fel y'i dangoswyd ar gloc y noson honno
time-ambiguous = Digwyddodd { $time } ddwywaith oherwydd i'r clociau fynd yn ôl. Dewiswch ai { $what } oedd y cyntaf (BST) neu'r ail (GMT)

## Requests that cannot be read (startup, http::live)
error-too-many-streams = Mae gennych { $n } golwg fyw ar agor yn barod. Caewch un a rhowch gynnig arall arni.
error-query = Mae gan y cyfeiriad werth na allwn ei ddarllen ({ $detail }).
error-form-too-large = Mae'r ffurflen yn fwy na { $kib } KiB, felly ni chadwyd dim. Byrhewch y nodiadau a rhowch gynnig arall arni.
error-form = Nid oedd modd darllen y ffurflen ({ $detail }). Ewch yn ôl a rhowch gynnig arall arni.
