# The list of cases (templates/cases.html, web::cases).

cases-title = Achosion
cases-search = Chwilio yn ôl cyfeirnod achos neu rif coler
cases-search-hint = Er enghraifft S136-2026-000012, 12, neu 4521
cases-from = Wedi cyrraedd o
cases-to = Wedi cyrraedd hyd at (gan gynnwys)
cases-site = Man diogel
cases-force = Heddlu
cases-kind = Math o fan diogel
cases-all = Y cyfan
cases-breaches-only = Dim ond achosion sydd wedi torri'r targed trosglwyddo
cases-apply = Defnyddio'r hidlwyr
cases-showing-only = Dim ond yr arosiadau hyn a ddangosir:
cases-show-all = Dangos pob arhosiad ar gyfer y dyddiadau a'r mannau hyn
cases-count = { $n ->
    [one] arhosiad yn cyfateb
   *[other] arhosiad yn cyfateb
}
cases-none = Nid oes achosion yn cyfateb i'r hidlwyr hyn.
cases-caption = Arosiadau mewn mannau diogel, y diweddaraf yn gyntaf (tudalen { $n })
cases-col-case = Achos
cases-col-arrived = Wedi cyrraedd
cases-col-time = Amser hyd at drosglwyddo
cases-col-status = Statws
cases-col-reason = Rheswm dros yr oedi
cases-so-far = { $waited } hyd yma
cases-breach = Wedi torri'r targed
cases-no-reason = Dim
cases-pages = Tudalennau achosion
cases-prev = Tudalen flaenorol
cases-next = Tudalen nesaf

## The drill-down filters in words
cases-narrow-open = yn dal ar agor
cases-narrow-handed-over = wedi'u trosglwyddo
cases-narrow-cancelled = wedi'u canslo
cases-narrow-not-cancelled = heb eu canslo
cases-narrow-band = amser hyd at drosglwyddo: { $band }
cases-narrow-no-reason = dim rheswm dros oedi wedi'i gofnodi
cases-narrow-reason = rheswm dros yr oedi: { $reason }
cases-narrow-stay-agreed = cytunodd yr heddlu i gais i aros
cases-narrow-stay-not-agreed = dim cais i aros wedi'i gytuno
cases-narrow-hour = wedi cyrraedd rhwng { $hour }:00 a { $hour }:59
cases-narrow-weekday = wedi cyrraedd ar { $day ->
    [1] ddydd Llun
    [2] ddydd Mawrth
    [3] ddydd Mercher
    [4] ddydd Iau
    [5] ddydd Gwener
    [6] ddydd Sadwrn
   *[7] ddydd Sul
}

## Refusals
cases-error-date = Rhowch ddyddiad go iawn, er enghraifft 2026-11-01
cases-error-kind = Dewiswch fath o fan diogel o'r rhestr
cases-error-status = Nid ydym yn adnabod y statws yn y cyfeiriad
cases-error-band = Nid ydym yn adnabod y band amser yn y cyfeiriad
cases-error-reason = Nid ydym yn adnabod y rheswm dros yr oedi yn y cyfeiriad
cases-error-stay = Nid ydym yn adnabod y cais i aros yn y cyfeiriad
cases-error-hour = Rhaid i'r awr yn y cyfeiriad fod rhwng 0 a 23
cases-error-weekday = Rhaid i ddiwrnod yr wythnos yn y cyfeiriad fod rhwng 1 (dydd Llun) a 7
cases-error-dates-order = Rhowch ddyddiad gorffen sydd yr un fath â'r dyddiad dechrau neu ar ei ôl
cases-error-code = Nid ydym yn adnabod y cod yn y cyfeiriad
