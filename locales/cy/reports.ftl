# Adroddiadau torri'r targed, eu siartiau a'u ffeiliau CSV, a ffurflen y
# Swyddfa Gartref. $unit is a code: week, month or year.

## The board's bands and the target in words (domain::rules)
report-band-under = Llai na { $minutes } mun
report-band-from-30 = 30 i { $minutes } mun
report-band-from-45 = 45 i { $minutes } mun
report-band-breach = Wedi torri'r targed
report-target-one-hour = awr
report-target-minutes = { $n } munud

## The page
report-title = Adroddiad torri'r targed
report-caption = { $range } (amser y DU)
report-caption-breaches = { $range } (amser y DU), achosion wedi torri'r targed yn unig
report-date-range = { $from } i { $to }
report-filters-summary = Newid y cyfnod a'r lleoedd
report-period-hint = I ddewis eich dyddiadau eich hun, dewiswch "Dyddiadau eraill" a rhowch y diwrnod cyntaf a'r diwrnod olaf.
report-first-day = Diwrnod cyntaf
report-last-day = Diwrnod olaf (wedi'i gynnwys)
report-all-you-can-see = Y cyfan y gallwch ei weld
report-kind-label = Math o fan diogel
report-all-kinds = Pob math
report-breaches-only = Achosion wedi torri'r targed yn unig
report-show = Dangos yr adroddiad
report-breaches-only-note = Dim ond achosion wedi torri'r targed sy'n cael eu cyfrif ar y dudalen hon, felly mae pob cyfradd yn 100% yn fwriadol. Defnyddiwch hi i weld ble a phryd mae'r targed yn cael ei dorri.
report-compared-with = Mae pob newid o'i gymharu â { $previous } (yr un nifer o ddiwrnodau yn union cyn hynny).
report-all-time-note = Pob amser, felly does dim cyfnod cynharach i'w gymharu.
report-target-note = Targed: trosglwyddo o fewn { $target } munud i gyrraedd. Canraddau safle agosaf yw'r canraddau. Mae pob rhif sy'n cyfrif achosion yn cysylltu â'r rhestr o'r achosion hynny.
report-show-headline = Dangos yr holl brif ffigurau
report-show-figures = Dangos y ffigurau
report-show-hours = Dangos y ffigurau fesul awr
report-show-weekdays = Dangos y ffigurau fesul diwrnod o'r wythnos
report-show-sites = Dangos y ffigurau fesul man diogel
report-show-forces = Dangos y ffigurau fesul heddlu
report-share-link = Dolen i'r adroddiad hwn
report-share-note = (dyddiadau penodol, i'w rhannu neu i roi nod tudalen arni)
report-download-cases = Lawrlwytho'r achosion (CSV)
report-download-table = Lawrlwytho'r tabl hwn (CSV)
report-print-note = Argraffwch o'ch porwr i gael copi A4 ar ei hyd.
report-ho-link-note = : cyfnodau cadw yn ôl oedran, rhyw, ethnigrwydd, man diogel, cludiant a chanlyniad dros flwyddyn ariannol (tabl a CSV).
report-h-distribution = Faint o amser gymerodd y trosglwyddiadau
report-h-over-time = Pryd: dros amser
report-h-when = Pryd mae pobl yn cyrraedd
report-when-note = Pryd mae'r targed yn cael ei dorri, yn ôl amser cyrraedd yn y DU: tystiolaeth ar gyfer staffio.
report-h-where = Ble
report-h-why = Pam
report-chart-sites-caption = Achosion wedi torri'r targed fesul man diogel
report-escalated = Uwchgyfeiriwyd ar ôl 45 munud: { $share }% o'r achosion wedi torri'r targed ({ $n } o { $of }).
report-prealerts = { $n ->
    [one] Cafodd { $n } o'r cyrraeddiadau ({ $share }%) rybudd ymlaen llaw, canolrif o { $median } munud cyn cyrraedd.
   *[other] Cafodd { $n } o'r cyrraeddiadau ({ $share }%) rybudd ymlaen llaw, canolrif o { $median } munud cyn cyrraedd.
}
report-prealerts-none = Ni chafodd yr un o'r cyrraeddiadau rybudd ymlaen llaw.

## Periods (domain::reports::Period)
report-period-7d = Y 7 diwrnod diwethaf
report-period-30d = Y 30 diwrnod diwethaf
report-period-this-month = Y mis hwn
report-period-last-month = Y mis diwethaf
report-period-this-quarter = Y chwarter hwn
report-period-this-fy = Y flwyddyn ariannol hon (Ebrill i Fawrth)
report-period-last-fy = Y flwyddyn ariannol ddiwethaf
report-period-all = Pob amser
report-period-custom = Dyddiadau eraill

## Filter errors (domain::reports::filter)
report-error-tick = Ticiwch y blwch neu gadewch ef yn wag
report-error-date-range = Rhowch ddyddiad ar ôl 1900, er enghraifft 2026-11-01
report-error-date = Rhowch ddyddiad go iawn ar ffurf blwyddyn-mis-diwrnod, er enghraifft 2026-11-01
report-error-period = Dewiswch gyfnod o'r rhestr
report-error-from = Rhowch ddiwrnod cyntaf yr adroddiad
report-error-to = Rhowch ddiwrnod olaf sydd yr un fath â'r diwrnod cyntaf neu ar ei ôl
report-error-force = Dewiswch heddlu o'r rhestr
report-error-own-force = Dim ond adroddiadau ar gyfer ei heddlu ei hun y gall eich cyfrif eu gweld
report-error-site = Dewiswch fan diogel o'r rhestr
report-error-own-site = Dim ond adroddiadau ar gyfer ei fan diogel ei hun y gall eich cyfrif eu gweld
report-error-kind = Dewiswch fath o fan diogel o'r rhestr
report-error-no-scope = Does gan eich cyfrif ddim heddlu na man diogel, felly does ganddo ddim adroddiadau. Gofynnwch i weinyddwr osod un.

## Tiles
report-tile-rate = Cyfradd torri'r targed
report-tile-rate-note = { $breaches } o { $handed_over } arhosiad wedi'u trosglwyddo ar ôl mwy na { $target } munud
report-tile-median = Canolrif yr amser tan drosglwyddo
report-tile-median-note = Cymerodd hanner y trosglwyddiadau hyn o amser neu lai
report-tile-p90 = 90fed canradd yr amser tan drosglwyddo
report-tile-p90-note = Cymerodd 9 o bob 10 trosglwyddiad hyn o amser neu lai
report-tile-lost-note = Y tu hwnt i'r targed { $target } munud, wedi'i luosi â nifer y swyddogion oedd yno. O'r cyrraedd: { $hours } awr
report-tile-waiting = Pobl yn aros nawr
report-tile-waiting-change = Nawr, beth bynnag yw'r dyddiadau a ddewiswyd
report-tile-waiting-note = Heb eu trosglwyddo eto, yn y lleoedd yn yr adroddiad hwn
report-value-min = { $m } mun
report-value-h = { $h } awr
report-change-all-time = Pob amser: does dim cyfnod cynharach i'w gymharu
report-change-up = I fyny { $amount } o'i gymharu â'r cyfnod blaenorol
report-change-down = I lawr { $amount } o'i gymharu â'r cyfnod blaenorol
report-change-same = Dim newid o'i gymharu â'r cyfnod blaenorol
report-change-no-previous = Does dim ffigur ar gyfer y cyfnod blaenorol
report-amount-points = { $d } pwynt
report-amount-min = { $d } mun
report-amount-h = { $d } awr
report-amount-minutes = { $d } munud
report-what-rate = cyfradd torri'r targed
report-what-median = canolrif munudau
report-what-p90 = 90fed canradd munudau
report-what-lost = oriau swyddogion a gollwyd
report-spark-title = Tuedd: { $what }
report-spark-text = { $what } fesul { $unit ->
    [week] wythnos, y pwynt olaf yw'r wythnos gyfan ddiweddaraf
    [month] mis, y pwynt olaf yw'r mis cyfan diweddaraf
   *[year] blwyddyn, y pwynt olaf yw'r flwyddyn gyfan ddiweddaraf
}

## Charts
report-no-handovers = Ni chafodd yr un arhosiad ei drosglwyddo yn y cyfnod hwn.
report-chart-extremes = Cyntaf, { $first }: { $first_value }. Uchaf, { $high }: { $high_value }. Isaf, { $low }: { $low_value }. Diweddaraf, { $last }: { $last_value }.
report-chart-rate-title = Cyfradd torri'r targed fesul { $unit ->
    [week] wythnos
    [month] mis
   *[year] blwyddyn
}
report-chart-rate-text = Cyfradd torri'r targed fesul { $unit ->
    [week] wythnos
    [month] mis
   *[year] blwyddyn
}. { $extremes }
report-chart-rate-axis = Cyfradd torri'r targed (%)
report-chart-median-title = Canolrif munudau tan drosglwyddo fesul { $unit ->
    [week] wythnos
    [month] mis
   *[year] blwyddyn
}
report-chart-median-text = Canolrif munudau tan drosglwyddo fesul { $unit ->
    [week] wythnos
    [month] mis
   *[year] blwyddyn
}. { $extremes }
report-chart-median-axis = Canolrif munudau
report-chart-target = Targed
report-chart-histogram-title = Amser tan drosglwyddo: faint o arosiadau a arhosodd am faint o amser
report-chart-histogram-text = { $handed_over } arhosiad wedi'u trosglwyddo; roedd { $breaches } ({ $rate }) wedi torri'r targed, wedi'u trosglwyddo ar ôl mwy na { $target } munud. Yr amser aros mwyaf cyffredin oedd { $bin } ({ $count } arhosiad). Yr hiraf oedd { $longest }.
report-chart-histogram-x = Amser tan drosglwyddo (oriau)
report-chart-hours-tick = { $n }awr
report-chart-hours-tick-last = { $n }awr+
report-chart-target-minutes = targed { $minutes } mun
report-chart-sites-title = Achosion wedi torri'r targed fesul man diogel (y deg â'r mwyaf)
report-chart-sites-none = Does dim achosion wedi torri'r targed mewn unrhyw fan diogel yn y cyfnod hwn.
report-chart-sites-text = Y mannau diogel â'r mwyaf o achosion wedi torri'r targed: { $list }.
report-chart-reasons-title = Achosion wedi torri'r targed fesul rheswm dros yr oedi
report-chart-reasons-none = Does dim achosion wedi torri'r targed yn y cyfnod hwn.
report-chart-reasons-text = Achosion wedi torri'r targed yn ôl y rheswm a gofnodwyd dros yr oedi: { $list }.
report-chart-breaches-axis = Achosion wedi torri'r targed
report-hours-minutes = { $h } awr { $m } mun
report-span = { $hours } { $minutes }
report-bin-up-to = { $upper } neu lai
report-bin-between = mwy na { $lower } a hyd at { $upper }
report-bin-over = mwy na { $lower }
report-partial-all = { $unit ->
    [week] Does dim wythnos gyfan yn y cyfnod hwn: mae pob pwynt yn rhan o wythnos (gweler y tabl am ei ddiwrnodau).
    [month] Does dim mis cyfan yn y cyfnod hwn: mae pob pwynt yn rhan o fis (gweler y tabl am ei ddiwrnodau).
   *[year] Does dim blwyddyn gyfan yn y cyfnod hwn: mae pob pwynt yn rhan o flwyddyn (gweler y tabl am ei ddiwrnodau).
}
report-partial-item = { $period } ({ $n } diwrnod)
report-partial-some = { $unit ->
    [week] Mae rhannau o wythnosau
    [month] Mae rhannau o fisoedd
   *[year] Mae rhannau o flynyddoedd
} wedi'u gadael allan o'r siartiau, nid o'r ffigurau: { $list }. Maen nhw yn y tabl.

## Tables
report-table-headline = Prif ffigurau
report-table-bands = Amser tan drosglwyddo, mewn bandiau
report-table-periods = Fesul { $unit ->
    [week] wythnos
    [month] mis
   *[year] blwyddyn
} cyrraedd
report-table-sites = Fesul man diogel
report-table-forces = Fesul heddlu
report-table-reasons = Achosion wedi torri'r targed fesul rheswm dros yr oedi
report-table-hours = Fesul awr cyrraedd (amser y DU)
report-table-weekdays = Fesul diwrnod cyrraedd o'r wythnos
report-col-figure = Ffigur
report-col-this-period = Y cyfnod hwn
report-col-previous-period = Y cyfnod blaenorol
report-col-change = Newid
report-col-time-to-handover = Amser tan drosglwyddo
report-col-handovers = Trosglwyddiadau
report-col-share-handovers = Cyfran y trosglwyddiadau
report-col-period = Cyfnod
report-col-from = O
report-col-to = I
report-col-median = Canolrif munudau
report-col-stays = Arosiadau (heb eu canslo)
report-col-handed-over = Wedi'u trosglwyddo
report-col-open = Yn dal ar agor
report-col-breaches = Wedi torri'r targed
report-col-breach-rate = Cyfradd torri'r targed
report-col-lost-hours = Oriau swyddogion a gollwyd (y tu hwnt i'r targed)
report-col-site = Man diogel
report-col-code = Cod
report-col-kind = Math
report-col-detentions = Cyfnodau cadw
report-col-force = Heddlu
report-col-reason = Rheswm dros yr oedi
report-col-share-breaches = Cyfran yr achosion wedi torri'r targed
report-col-hour = Awr cyrraedd
report-col-weekday = Diwrnod cyrraedd
report-row-detentions = Cyfnodau cadw (man diogel cyntaf, heb eu canslo)
report-row-handed-over = Arosiadau wedi'u trosglwyddo
report-row-open = Yn dal ar agor
report-row-cancelled = Wedi'u cofnodi mewn camgymeriad (wedi'u canslo: nid cyfnodau cadw, wedi'u gadael allan o bob cyfradd)
report-row-breaches = Wedi torri'r targed (wedi'u trosglwyddo ar ôl mwy na'r targed)
report-row-breaches-agreed = Wedi torri'r targed gyda chais i aros a gytunwyd (yn dal wedi torri'r targed)
report-row-breaches-not-agreed = Wedi torri'r targed heb gais i aros a gytunwyd (dim cais, wedi'i wrthod neu heb ei ateb)
report-row-breach-rate = Cyfradd torri'r targed (o'r arosiadau wedi'u trosglwyddo)
report-row-reason-share = Achosion wedi torri'r targed â rheswm wedi'i gofnodi
report-row-median = Canolrif munudau tan drosglwyddo
report-row-p90 = 90fed canradd munudau tan drosglwyddo
report-row-max = Y nifer mwyaf o funudau tan drosglwyddo
report-row-lost-hours = Oriau swyddogion a gollwyd y tu hwnt i'r targed { $minutes } munud (wedi'u lluosi â nifer y swyddogion oedd yno)
report-row-officer-hours = Oriau swyddogion o'r cyrraedd tan drosglwyddo (wedi'u lluosi â nifer y swyddogion oedd yno)
report-no-change = dim newid
report-change-points = { $d } pwynt
report-no-reason = Dim rheswm wedi'i gofnodi
report-name = { $name }
report-hour-range = { $from } i { $to }
report-period-week = { $from } i { $to }
report-period-month = { $month } { $year }
report-period-part = { $period } (rhan: { $n } o ddiwrnodau'r { $unit ->
    [week] wythnos
    [month] mis
   *[year] flwyddyn
})
report-bands-up-to-15 = 15 munud neu lai
report-bands-15-to-30 = Dros 15 i 30 munud
report-bands-30-to-45 = Dros 30 i 45 munud
report-bands-45-to-60 = Dros 45 i 60 munud
report-bands-60-to-120 = Dros 1 i 2 awr
report-bands-120-to-240 = Dros 2 i 4 awr
report-bands-240-to-480 = Dros 4 i 8 awr
report-bands-over-480 = Dros 8 awr

## The Home Office return
report-ho-title = Ffurflen y Swyddfa Gartref
report-ho-caption-days = { $heading } (diwrnodau yn y DU)
report-ho-heading = Blwyddyn ariannol { $year }: { $from } i { $to }
report-ho-intro = Cyfnodau cadw dan adran 136 ac adran 135(1) ar gyfer y gofyniad data blynyddol, wedi'u cyfrif yn ôl diwrnod calendr y DU y cyrhaeddodd y person y man diogel cyntaf, yn yr achosion y gallwch eu gweld. Nid yw achosion wedi'u canslo yn cael eu cyfrif. Mae'r rhesi "Heb ei gofnodi" yn dangos beth sydd ar goll o hyd: cwblhewch hynny o "Manylion monitro" pob achos.
report-ho-fy-label = Blwyddyn ariannol (1 Ebrill i 31 Mawrth)
report-ho-show = Dangos y ffurflen
report-ho-download = Lawrlwytho'r ffurflen (CSV)
report-ho-choose-year = Dewiswch flwyddyn ariannol o { $first } i { $last }
report-ho-caption = Ffurflen y Swyddfa Gartref { $year }
report-ho-power = Pŵer
report-ho-detentions = Cyfnodau cadw
report-ho-s136 = Adran 136
report-ho-s135 = Adran 135(1)
report-ho-col-s135 = Adran 135
report-ho-total = Cyfanswm
report-ho-section-caption = { $section }, cyfnodau cadw yn ôl pŵer
report-ho-col-first-day = Diwrnod cyntaf
report-ho-col-last-day = Diwrnod olaf
report-ho-col-section = Adran
report-ho-col-category = Categori
report-ho-not-recorded = Heb ei gofnodi
report-ho-age = Oedran
report-ho-sex = Rhyw
report-ho-ethnicity = Grŵp ethnig
report-ho-ethnicity-note = Grwpiau cyfrifiad 2021 y SYG.
report-ho-perceived = Grŵp ethnig fel yr oedd y swyddog yn ei ganfod
report-ho-perceived-note = Wedi'i gofnodi lle mae'n wahanol i ddisgrifiad y person ei hun; mae'r gweddill yn cael eu cyfrif fel heb eu cofnodi.
report-ho-first = Man diogel cyntaf
report-ho-first-note = Y math o safle yr aethpwyd â'r person iddo gyntaf.
report-ho-first-health = Man diogel ym maes iechyd
report-ho-first-ed = Adran achosion brys
report-ho-first-police = Gorsaf heddlu
report-ho-first-home = Cartref preifat
report-ho-first-other = Man diogel arall
report-ho-station-hours = Hyd y cadw mewn gorsaf heddlu
report-ho-station-hours-note = Pob arhosiad mewn gorsaf heddlu yn y cyfnodau cadw a gyfrifwyd, o gyrraedd yno hyd at ei gadael (trosglwyddiad) neu ddiwedd y cyfnod cadw.
report-ho-hours-up-to-3 = 3 awr neu lai
report-ho-hours-3-to-6 = Mwy na 3 a hyd at 6 awr
report-ho-hours-6-to-12 = Mwy na 6 a hyd at 12 awr
report-ho-hours-12-to-24 = Mwy na 12 a hyd at 24 awr
report-ho-hours-over-24 = Mwy na 24 awr
report-ho-no-end = Dim diwedd wedi'i gofnodi (yn dal i gael ei gadw, neu heb ei gofnodi)
report-ho-arrested = Wedi'i arestio am drosedd (wedi'i gadw mewn gorsaf heddlu)
report-ho-arrested-note = Dim ond cyfnodau cadw ag arhosiad mewn gorsaf heddlu.
report-ho-transport = Cludiant i'r man diogel
report-ho-vehicle-reason = Y rheswm dros ddefnyddio cerbyd heddlu
report-ho-vehicle-reason-note = Dim ond cyfnodau cadw lle aethpwyd â'r person mewn cerbyd heddlu.
report-ho-outcome = Canlyniad
report-ho-outcome-note = Wedi'i gofnodi ar ddiwedd y cyfnod cadw: mae cyfnod cadw sydd heb ddod i ben eto yn cael ei gyfrif fel heb ei gofnodi.

## CSV headers: English keeps the stable snake_case names; Welsh has its own (values and codes unchanged)
report-csv-reference = cyfeirnod
report-csv-force = heddlu
report-csv-site = man_diogel
report-csv-site_name = enw_man_diogel
report-csv-site_kind = math_man_diogel
report-csv-arrived_utc = cyrraedd_utc
report-csv-arrived_uk = cyrraedd_du
report-csv-handed_over_utc = trosglwyddo_utc
report-csv-handed_over_uk = trosglwyddo_du
report-csv-seconds_to_handover = eiliadau_tan_drosglwyddo
report-csv-minutes_to_handover = munudau_tan_drosglwyddo
report-csv-breached = wedi_torri_targed
report-csv-delay_reason = rheswm_oedi
report-csv-officers = swyddogion
report-csv-cancelled = wedi_canslo
report-csv-place_of_safety_number = rhif_man_diogel
report-csv-handover_offered_utc = cynnig_trosglwyddo_utc
report-csv-handover_offered_uk = cynnig_trosglwyddo_du
report-csv-accepted_by_role = derbyniwyd_gan_rol
report-csv-police_left_utc = heddlu_wedi_gadael_utc
report-csv-police_left_uk = heddlu_wedi_gadael_du
report-csv-stay_requested_utc = cais_i_aros_utc
report-csv-stay_request_reason = rheswm_cais_i_aros
report-csv-stay_request_answer = ateb_cais_i_aros
report-csv-transferred_utc = symud_i_le_arall_utc
report-csv-transferred_to = symud_i
report-csv-outcome = canlyniad
report-csv-prealerted_utc = rhybudd_ymlaen_llaw_utc
report-csv-prealert_eta_utc = amser_cyrraedd_disgwyliedig_utc
report-csv-figure = ffigur
report-csv-this_period = y_cyfnod_hwn
report-csv-previous_period = cyfnod_blaenorol
report-csv-change = newid
report-csv-band = band
report-csv-handovers = trosglwyddiadau
report-csv-share = cyfran
report-csv-period = cyfnod
report-csv-from = o
report-csv-to = i
report-csv-stays = arosiadau
report-csv-handed_over = wedi_trosglwyddo
report-csv-open = ar_agor
report-csv-breaches = achosion_wedi_torri_targed
report-csv-breach_rate = cyfradd_torri_targed
report-csv-lost_officer_hours = oriau_swyddogion_a_gollwyd
report-csv-median_minutes = canolrif_munudau
report-csv-site_code = cod_man_diogel
report-csv-kind = math
report-csv-detentions = cyfnodau_cadw
report-csv-reason = rheswm_oedi
report-csv-hour = awr
report-csv-weekday = diwrnod_wythnos
report-csv-first_day = diwrnod_cyntaf
report-csv-last_day = diwrnod_olaf
report-csv-section = adran_y_ffurflen
report-csv-code = cod
report-csv-label = categori
report-csv-s136 = a136
report-csv-s135 = a135
report-csv-total = cyfanswm
