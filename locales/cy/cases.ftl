# Un achos a'i gamau: yr hyn y mae swyddogion a nyrsys yn ei ddarllen.

## Dyddiadau a chyfnodau (domain::time, domain::detention)
case-wd-1 = Llun
case-wd-2 = Maw
case-wd-3 = Mer
case-wd-4 = Iau
case-wd-5 = Gwe
case-wd-6 = Sad
case-wd-7 = Sul
case-mon-1 = Ion
case-mon-2 = Chwef
case-mon-3 = Maw
case-mon-4 = Ebr
case-mon-5 = Mai
case-mon-6 = Meh
case-mon-7 = Gorff
case-mon-8 = Awst
case-mon-9 = Medi
case-mon-10 = Hyd
case-mon-11 = Tach
case-mon-12 = Rhag
case-when-long = { $weekday } { $day } { $month } { $year }, { $time }
case-day-short = { $weekday } { $day } { $month }
case-duration-hm = { $h } awr { $m } mun
case-day-hm = { $time } { $day ->
    [today] heddiw
    [tomorrow] yfory
    [yesterday] ddoe
   *[other] ar { $date }
}
case-detention-ends = Daw'r awdurdod cadw i ben am { $time } { $day ->
    [today] heddiw
    [tomorrow] yfory
    [yesterday] ddoe
   *[other] ar { $date }
} (ymhen { $left })
case-detention-ended = Daeth yr awdurdod cadw i ben am { $time } { $day ->
    [today] heddiw
    [tomorrow] yfory
    [yesterday] ddoe
   *[other] ar { $date }
} ({ $left } yn ôl)
case-collar-enter = Rhowch eich rhif coler
case-collar-format = Rhowch rif coler o hyd at 12 llythyren a rhif, fel 4521
case-text-too-long = { $what }: defnyddiwch { $max } nod neu lai
case-text-control = { $what }: ni chaiff gynnwys nodau rheoli (fel NUL)
case-text-control-line = { $what }: ni chaiff gynnwys nodau rheoli (fel NUL) na thoriadau llinell
case-phone-clock-out = Mae cloc y ffôn hwn allan o fwy na 24 awr. Gosodwch ddyddiad ac amser y ffôn, yna dewiswch Yn gynharach a rhowch yr amser cyrraedd
case-phone-clock-ahead = Roedd cloc y ffôn yn dweud { $said }, sy'n hwyrach na'r amser nawr, { $now }. Dewiswch Yn gynharach a rhowch yr amser cyrraedd
case-phone-saved-too-long-ago = Cafodd y cyrhaeddiad hwn ei gadw ar y ffôn am { $at }, fwy na 24 awr yn ôl. Gofynnwch i reolwr ei gofnodi
case-arrival-future = Ni all yr amser cyrraedd fod yn y dyfodol. Rhowch amser cyn { $time }
case-arrival-too-old = Rhaid i'r amser cyrraedd fod o fewn y 24 awr diwethaf. Gofynnwch i reolwr gofnodi achosion hŷn
case-arrival-backdate-reason = Rhowch reswm dros gofnodi'r cyrhaeddiad { $late } ar ôl iddo ddigwydd
case-event-future = Ni all { $what } fod yn y dyfodol. Rhowch amser cyn { $time }
case-event-before = Rhowch { $what } sydd ar ôl { $earliest }, { $time }
case-what-delay-note = Y nodyn am yr oedi
case-delay-from-list = Dewiswch reswm dros yr oedi o'r rhestr
case-delay-describe = Disgrifiwch y rheswm dros yr oedi
case-what-handover-time = yr amser trosglwyddo
case-what-arrival-time = yr amser cyrraedd
case-the-arrival-time = yr amser cyrraedd
case-when-both = Rydych wedi dewis "Nawr" a hefyd wedi rhoi amser. Dewiswch "Yn gynharach" i ddefnyddio'r amser a roesoch, neu cliriwch yr amser i ddefnyddio'r amser nawr
case-time-enter = Rhowch { $what }
case-arrival-capture-unreadable = Nid oedd modd darllen yr amser y cafodd y cyrhaeddiad hwn ei gadw ar y ffôn. Dewiswch Yn gynharach a rhowch yr amser cyrraedd
case-the-power-time = yr amser defnyddio'r pŵer
case-the-warrant-time = yr amser gweithredu'r warant
case-arrival-officers-number = Rhowch nifer y swyddogion fel rhif cyfan, fel 2
case-arrival-prealert-unknown = Nid yw'r rhybudd ymlaen llaw hwnnw'n hysbys. Cofnodwch y cyrhaeddiad hebddo.
case-arrival-title = Cofnodi cyrhaeddiad mewn man diogel
case-no-force = Nid oes heddlu ar eich cyfrif. Gofynnwch i weinyddwr osod un.
case-arrival-site-choose = Dewiswch y man diogel
case-arrival-site-unknown = Dewiswch fan diogel o'r rhestr (nid yw cod y safle hwnnw'n hysbys)
case-arrival-power-after = Rhowch amser defnyddio'r pŵer sydd cyn yr amser cyrraedd, { $time }
case-arrival-power-too-early = Rhowch amser defnyddio'r pŵer o fewn 24 awr cyn y cyrhaeddiad
case-arrival-officers-range = Rhowch nifer y swyddogion a oedd yno, o 1 i { $max }
case-arrival-form-reused = Mae'r ffurflen hon eisoes wedi cofnodi achos { $reference }, ac mae'r manylion wedi newid ers hynny. Os yw hwn yn berson arall, dewiswch Cofnodi cyrhaeddiad eto i gofnodi achos newydd; i newid { $reference }, agorwch ef o'ch tudalen gartref.
case-what-client-ref = client_ref
case-what-reason = Y rheswm
case-what-notes = Y nodiadau
case-what-extension-time = yr amser yr awdurdodwyd yr estyniad
case-what-first-arrival = y cyrhaeddiad yn y man diogel cyntaf
case-extend-ran-out = Daeth yr awdurdod cadw i ben am { $at }. Rhaid awdurdodi estyniad cyn iddo ddod i ben
case-extend-hours = Rhowch nifer yr oriau, o 1 i 12
case-extend-total = Gall estyniadau fod yn 12 awr ar y mwyaf i gyd; mae { $granted } eisoes wedi'u caniatáu, felly rhowch { $left } ar y mwyaf
case-what-name = Yr enw
case-extend-name-enter = Rhowch enw'r ymarferydd meddygol cofrestredig a awdurdododd yr estyniad
case-extend-reason-from-list = Dewiswch y rheswm dros yr estyniad o'r rhestr
case-extend-reason-describe = Disgrifiwch y rheswm dros yr estyniad
case-extend-reason-choose = Dewiswch y rheswm dros yr estyniad
case-extend-supt-collar = Rhowch rif coler yr uwch-arolygydd: hyd at 12 llythyren a rhif
case-extend-supt-name-needed = Mewn gorsaf heddlu rhaid i uwch-arolygydd neu uwch gymeradwyo'r estyniad: rhowch ei enw
case-extend-supt-collar-needed = Mewn gorsaf heddlu rhowch rif coler yr uwch-arolygydd sy'n cymeradwyo
case-ps-under-18 = Ni ellir byth fynd â pherson o dan 18 oed i orsaf heddlu na'i gadw yno fel man diogel (adran 136A, Deddf Iechyd Meddwl 1983). Dewiswch fan diogel arall.
case-ps-age-choose = Dewiswch fand oedran y person: dim ond ar gyfer oedolyn y gellir defnyddio gorsaf heddlu, byth ar gyfer unrhyw un o dan 18 oed (adran 136A, Deddf Iechyd Meddwl 1983)
case-private-dwelling = Ni ellir defnyddio adran 136 mewn annedd breifat (na'i gardd na'i iard): defnyddiwch warant adran 135 (adran 136(1), Deddf Iechyd Meddwl 1983). Dewiswch fan cyhoeddus neu fan arall nad yw'n annedd breifat
case-ps-age-from-list = Dewiswch y band oedran o'r rhestr
case-what-inspector-name = Enw'r arolygydd
case-ps-inspector-name = Rhowch enw'r arolygydd (neu uwch) a awdurdododd ddefnyddio gorsaf heddlu
case-ps-inspector-collar = Rhowch rif coler yr arolygydd a awdurdododd ddefnyddio gorsaf heddlu
case-ps-inspector-collar-format = Rhowch rif coler yr arolygydd: hyd at 12 llythyren a rhif
case-ps-imminent-risk = Cadarnhewch fod ymddygiad y person yn peri risg uniongyrchol o anaf difrifol neu farwolaeth (OS 2017/1036 rheoliad 2)
case-ps-no-other-place = Cadarnhewch nad oes modd rhesymol defnyddio unrhyw fan diogel arall yn ardal yr heddlu (OS 2017/1036 rheoliad 2)
case-ps-consulted-say = Nodwch a ymgynghorwyd â gweithiwr iechyd proffesiynol cyn defnyddio gorsaf heddlu (OS 2017/1036 rheoliad 2)
case-ps-consulted-from-list = Dewiswch o'r rhestr a ymgynghorwyd â gweithiwr iechyd proffesiynol
case-ps-not-consulted-reason = Rhowch y rheswm nad oedd yn ymarferol ymgynghori â gweithiwr iechyd proffesiynol
case-power-choose = Dewiswch y pŵer a ddefnyddiwyd: adran 136 neu warant adran 135(1)
case-warrant-enter = Rhowch y dyddiad a'r amser y gweithredwyd y warant adran 135
case-warrant-future = Ni all amser gweithredu'r warant fod yn y dyfodol. Rhowch amser cyn { $time }
case-warrant-too-early = Rhowch amser gweithredu'r warant o fewn y 48 awr cyn nawr
case-warrant-after-arrival = Rhowch amser gweithredu'r warant sydd cyn yr amser cyrraedd, { $time }
case-what-amhp-name = Enw'r AMHP
case-warrant-amhp-name = Rhowch enw'r gweithiwr proffesiynol iechyd meddwl cymeradwy (AMHP) a enwir yn y warant
case-location-s135 = Achos gwarant adran 135 yw hwn: nid yw'r math o leoliad cadw adran 136 yn berthnasol
case-location-choose = Dewiswch ble y cadwyd y person: man cyhoeddus neu fan arall nad yw'n annedd breifat
case-check-overdue = Gwiriad iechyd yn hwyr: roedd i fod am { $due } ({ $late } yn ôl)
case-check-next = Y gwiriad iechyd nesaf erbyn { $due } (ymhen { $left })
case-check-not-at-ps = Dim ond tra bo'r person yn cael ei gadw mewn gorsaf heddlu y cofnodir gwiriadau iechyd.
case-check-name-enter = Rhowch enw'r gweithiwr iechyd proffesiynol a wiriodd y person
case-what-note = Y nodyn
case-handover-delay-reason = Dewiswch reswm dros yr oedi: digwyddodd y trosglwyddo { $waited } ar ôl cyrraedd, dros y targed o { $target } munud
case-what-role = Y rôl
case-status-awaiting = Yn aros am drosglwyddo
case-status-handed-over = Wedi'i drosglwyddo
case-status-cancelled = Wedi'i ganslo
case-status-transferred = Gadawodd cyn trosglwyddo
case-status-ended = Daeth y cyfnod cadw i ben
case-handover-already = Roedd y trosglwyddo eisoes wedi'i gadarnhau gan { $who } ({ $role }) am { $when }.
case-handover-already-no-role = Roedd y trosglwyddo eisoes wedi'i gadarnhau gan { $who } am { $when }.
case-someone = rywun
case-what-assessment-started = yr amser y dechreuodd yr asesiad
case-what-assessment-completed = yr amser y cwblhawyd yr asesiad
case-end-started-after-end = Rhowch amser dechrau'r asesiad sydd cyn diwedd y cyfnod cadw, { $time }
case-end-completed-after-end = Rhowch amser cwblhau'r asesiad sydd cyn diwedd y cyfnod cadw, { $time }
case-what-details = Y manylion
case-end-outcome-from-list = Dewiswch y canlyniad o'r rhestr
case-end-outcome-describe = Disgrifiwch y canlyniad
case-end-outcome-choose = Dewiswch y canlyniad
case-stay-already-asked = Gofynnwyd eisoes i'r heddlu aros am { $time } gan { $who }.
case-stay-reason-from-list = Dewiswch o'r rhestr y rheswm y gofynnir i'r heddlu aros
case-stay-reason-describe = Disgrifiwch y rheswm y gofynnir i'r heddlu aros
case-stay-reason-choose = Dewiswch y rheswm y gofynnir i'r heddlu aros
case-stay-not-asked = Nid oes neb wedi gofyn i'r heddlu aros yn y man diogel hwn.
case-stay-already-answered = Roedd y cais eisoes wedi'i ateb ({ $agreed ->
    [yes] cytunwyd
   *[no] ni chytunwyd
}) gan { $who }.
case-name = { $name }
case-what-left-time = yr amser y gadawodd y person
case-what-arrival-here = yr amser cyrraedd yma
case-what-new-arrival = yr amser cyrraedd yn y man diogel newydd
case-transfer-site-choose = Dewiswch y man diogel y mae'r person yn mynd iddo
case-transfer-same-site = Dewiswch fan diogel gwahanol: mae'r person yno'n barod
case-cancel-already = Mae'r achos hwn wedi'i ganslo'n barod.
case-cancel-reason = Rhowch y rheswm dros ganslo'r achos hwn
case-police-left-not-accepted = Nid yw'r staff iechyd wedi derbyn y trosglwyddo eto. Gofynnwch iddynt ei gadarnhau ar eu bwrdd, neu rhowch y rheswm pam mae'n rhaid i'r heddlu adael cyn hynny (er enghraifft, wedi'u rhyddhau dan brotest).
case-what-offered-time = yr amser y cynigiwyd trosglwyddo
case-what-detention-end = diwedd y cyfnod cadw
case-what-police-left-time = yr amser y gadawodd yr heddlu
case-police-left-already = Cofnodwyd eisoes fod yr heddlu wedi gadael am { $time }.
case-offer-already = Cynigiwyd trosglwyddo eisoes am { $time }.
case-correct-delay-reason = Dewiswch reswm dros yr oedi: gyda'r cywiriad hwn mae'r trosglwyddo { $waited } ar ôl cyrraedd, dros y targed o { $target } munud
case-delay-reason-legend = Rheswm dros yr oedi
case-delay-note-label = Manylion yr oedi (angen ar gyfer rheswm Arall)
case-fold-legend = Pa un?
case-fold-bst = Y cyntaf (BST, cyn i'r clociau droi'n ôl)
case-fold-gmt = Yr ail (GMT, ar ôl i'r clociau droi'n ôl)
case-when-earlier = Yn gynharach
case-when-now = Nawr
case-when-hint = { $hint }. Er enghraifft, 21/11/2026 14:05
case-when-label = Os yn gynharach: dyddiad ac amser (amser y DU)
case-arrival-saved-text = Caiff ei anfon pan fydd signal. Bydd cyfeirnod yr achos yn ymddangos ar eich tudalen gartref ar ôl iddo gael ei anfon.
case-arrival-keep-signed-in = Cadwch y ffôn hwn wedi mewngofnodi. Gallwch gau'r dudalen hon.
case-go-home = Ewch i'ch tudalen gartref
case-arrival-saved-heading = Wedi'i gadw ar y ffôn hwn am
case-arrival-site-label = Man diogel
case-arrival-site-choose-option = Dewiswch fan diogel
case-arrival-power-legend = Y pŵer a ddefnyddiwyd
case-arrival-s136 = Adran 136
case-arrival-s135 = Gwarant adran 135(1)
case-arrival-warrant-at = Dyddiad ac amser gweithredu'r warant (amser y DU)
case-arrival-amhp = Enw'r gweithiwr proffesiynol iechyd meddwl cymeradwy (AMHP)
case-arrival-time-legend = Amser cyrraedd
case-arrival-up-to-24 = Hyd at 24 awr yn ôl
case-arrival-backdate-label = Rheswm dros gofnodi'n hwyr (os mwy na 10 munud yn ôl)
case-arrival-backdate-hint = Er enghraifft: dim signal yn yr ysbyty
case-arrival-collar = Rhif coler
case-arrival-more-details = Rhagor o fanylion (dewisol)
case-arrival-location-legend = Ble y cadwyd y person (adran 136)
case-arrival-location-hint = Ni ellir defnyddio adran 136 mewn annedd breifat: mae angen gwarant adran 135 ar gyfer hynny.
case-arrival-officers = Nifer y swyddogion a oedd yno
case-arrival-officers-hint = Defnyddir hyn i gyfrif oriau swyddogion a gollir wrth aros
case-arrival-detained-at = Amser defnyddio pŵer adran 136 (amser y DU)
case-arrival-notes = Nodiadau
case-arrival-notes-hint = Peidiwch â chynnwys enwau na manylion personol eraill
case-arrival-about = Am y person (dewisol)
case-arrival-about-text = Ar gyfer ffurflen y Swyddfa Gartref. Hepgorwch hyn os ydych yn brysur: gellir ei gwblhau'n nes ymlaen o dudalen yr achos.
case-arrival-heading = Cofnodi cyrhaeddiad
case-about-ethnicity-perceived-hint = Dim ond os yw'n wahanol i ddisgrifiad y person ei hun: mae'r Swyddfa Gartref yn gofyn am y ddau
case-about-ethnicity-perceived = Grŵp ethnig fel y'i canfuwyd gan y swyddog (dewisol)
case-about-ethnicity-hint = Fel y mae'r person yn ei ddisgrifio (grwpiau ONS 2021)
case-about-ethnicity = Grŵp ethnig
case-about-age-hint = O dan 18: byth gorsaf heddlu
case-about-age = Band oedran
case-about-sex = Rhyw
case-about-not-recorded = Heb ei gofnodi eto
case-about-not-different = Ddim yn wahanol, neu heb ei gofnodi
case-about-transport = Sut yr aethpwyd â'r person i'r man diogel
case-about-vehicle-reason = Os cerbyd heddlu: pam
case-about-vehicle-hint = Dim ond pan aethpwyd â'r person mewn cerbyd heddlu
case-about-vehicle-empty = Nid cerbyd heddlu, neu heb ei gofnodi eto
case-about-arrested = Os cafodd ei gadw mewn gorsaf heddlu: a gafodd ei arestio am drosedd?
case-about-arrested-hint = Mae'r Swyddfa Gartref yn cyfrif hyn ar gyfer pobl a gedwir mewn gorsaf heddlu
case-about-arrested-empty = Nid mewn gorsaf heddlu, neu heb ei gofnodi eto
case-ps-summary = Gorsaf heddlu yn unig: awdurdodiad (gofynnol yno)
case-ps-intro = Dim ond ar gyfer oedolyn y gellir defnyddio gorsaf heddlu (byth ar gyfer unrhyw un o dan 18 oed, adran 136A Deddf Iechyd Meddwl 1983), a dim ond gydag awdurdodiad arolygydd pan fodlonir amodau OS 2017/1036 rheoliad 2.
case-ps-choose = Dewiswch
case-ps-age-below = Rhowch fand oedran y person o dan "Am y person" isod: mae angen band oedolyn yma.
case-ps-inspector-name-label = Enw'r arolygydd sy'n awdurdodi (neu uwch)
case-ps-inspector-collar-label = Rhif coler yr arolygydd
case-ps-conditions = Amodau a gadarnhawyd gan yr arolygydd
case-ps-imminent-risk-label = Mae ymddygiad y person yn peri risg uniongyrchol o anaf difrifol neu farwolaeth
case-ps-no-other-label = Nid oes modd rhesymol defnyddio unrhyw fan addas arall yn ardal yr heddlu (ysbyty, cyfleuster 136 neu rywle arall)
case-ps-consulted-legend = A ymgynghorwyd â gweithiwr iechyd proffesiynol?
case-ps-not-practicable = Pam nad oedd yn ymarferol
case-prealert-due-now = i fod yma nawr
case-prealert-due-in = { $n ->
    [zero] i fod yma ymhen { $n } munud
    [one] i fod yma ymhen 1 munud
    [two] i fod yma ymhen 2 funud
   *[other] i fod yma ymhen { $n } munud
}
case-prealert-late = { $n ->
    [one] 1 munud yn hwyr
    [two] 2 funud yn hwyr
   *[other] { $n } munud yn hwyr
}
case-prealert-flag-under-18 = O dan 18
case-prealert-flag-ed = Anaf neu feddwdod: efallai y bydd angen yr adran achosion brys
case-prealert-flag-violence = Risg o drais
## Tudalen gartref y swyddog (templates/officer_home.html)
case-officer-title = Achosion agored eich heddlu
case-officer-send-now = Anfon nawr
case-officer-prealert-link = Rhowch wybod i fan diogel eich bod ar y ffordd
case-officer-search-label = Dod o hyd i achos yn ôl cyfeirnod neu rif coler
case-officer-search = Chwilio
case-officer-clear-search = Clirio'r chwiliad
case-officer-on-the-way = Ar y ffordd
case-officer-to = I { $site }
case-officer-expected = Disgwylir am { $eta } ({ $due })
case-officer-expected-other = Disgwylir am { $eta } ({ $due }), rhybudd ymlaen llaw gan swyddog arall
case-officer-arrived-now = Wedi cyrraedd nawr
case-officer-at-site = yn { $site }
case-officer-not-coming = Ddim yn dod mwyach
case-officer-to-site = i { $site }
case-officer-your-cases = Eich achosion
case-officer-no-cases = Nid oes gennych achosion agored.
case-officer-none-match = Nid oes yr un o'ch achosion agored yn cyfateb.
case-officer-other-cases = Achosion agored eraill yn eich heddlu
case-officer-no-other = Dim achosion agored eraill ar gyfer eich heddlu.
case-officer-no-other-match = Nid oes achosion agored eraill yn cyfateb.
case-officer-site-arrived = { $site } · cyrhaeddodd { $arrived }
case-breach = Wedi torri'r targed
case-officer-ask-stay-announce = { $reference }: mae'r staff yn gofyn i'r heddlu aros. Atebwch nawr.
case-officer-ask-stay = Mae'r staff yn gofyn i'r heddlu aros:
case-officer-ask-stay-open = agorwch yr achos i ateb nawr.
case-officer-waiting = Yn aros
case-officer-accepted-announce = { $reference }: derbyniwyd y trosglwyddo am { $time }. Cewch adael.
case-officer-accepted = Derbyniwyd y trosglwyddo am { $time }
case-officer-accepted-by-announce = { $reference }: derbyniwyd y trosglwyddo gan { $who } am { $time }. Cewch adael.
case-officer-accepted-by = Derbyniwyd y trosglwyddo gan { $who } am { $time }
case-officer-accepted-after = ar ôl { $waited }: cewch adael.
## Newidiadau monitro ar y llinell amser
case-mon-not-recorded = heb ei gofnodi
case-mon-change = { $what }: { $old } i { $new }
case-mon-age = Band oedran
case-mon-sex = Rhyw
case-mon-ethnicity = Grŵp ethnig
case-mon-transport = Cludiant
case-mon-vehicle = Pam cerbyd heddlu
case-mon-perceived = Grŵp ethnig fel y'i canfuwyd gan y swyddog
case-mon-arrested = Wedi'i arestio am drosedd
## Llinell amser ac arosiadau tudalen yr achos (web::episodes::show)
case-who-role = { $name } ({ $role })
case-ev-phone-note = ; cofnodwyd ar y ffôn am { $captured }, derbyniwyd { $received }
case-ev-arrival = Cyrhaeddiad wedi'i gofnodi
case-ev-arrival-detail = Cyrhaeddodd { $at }{ $late }{ $phone }
case-ev-logged-late = {" "}(cofnodwyd yn hwyr: { $reason })
case-ev-handover = Trosglwyddo wedi'i dderbyn
case-ev-handover-detail = Derbyniwyd gan { $who } am { $at }{ $delay }
case-ev-delay = . Oedi: { $reason }
case-ev-police-left = Gadawodd yr heddlu
case-ev-police-left-early = Gadawodd am { $at }, cyn i'r trosglwyddo gael ei dderbyn. Rheswm: { $reason }
case-ev-police-left-detail = Gadawodd am { $at }
case-ev-asked-to-stay = Gofynnwyd i'r heddlu aros
case-ev-reason = Rheswm: { $reason }
case-ev-stay-answered = Atebodd yr heddlu y cais i aros
case-ev-agreed = Cytunwyd
case-ev-not-agreed = Ni chytunwyd
case-ev-offered = Cynigiwyd trosglwyddo
case-ev-offered-detail = Cynigiwyd am { $at }
case-ev-extended = Estynnwyd y cyfnod cadw
case-ev-extended-detail = { $hours } awr, wedi'i awdurdodi gan { $by } am { $at }; daw i ben nawr { $ends }
case-ev-ended = Daeth y cyfnod cadw i ben
case-ev-ended-detail = Daeth i ben { $at }. Canlyniad: { $outcome }
case-ev-transferred = Trosglwyddwyd
case-ev-transferred-detail = Gadawodd { $from } am { $left }, cyrhaeddodd { $to } am { $arrived }
case-ev-monitoring = Diweddarwyd y manylion monitro
case-ev-corrected = Cywirwyd amser
case-ev-cancelled = Wedi'i ganslo
case-ev-ps-authorised = Awdurdodwyd gorsaf heddlu
case-ev-ps-authorised-detail = Gan { $name } ({ $collar })
case-ev-check = Gwiriad iechyd
case-ev-check-detail = Gwiriwyd { $at } gan { $by }
case-ev-age-band = Band oedran wedi'i gofnodi
case-ev-location = Lleoliad y cadw wedi'i gofnodi
case-ev-purged = Testun rhydd wedi'i ddileu ar ôl y cyfnod cadw cofnodion
case-ev-purged-detail = Nodiadau, enwau a rhesymau a deipiwyd ar gyfer yr achos hwn a gaewyd fwy na { $older } yn ôl
case-ev-time = Amser
case-ev-which-stay = {" "}(man diogel { $n })
case-ev-which-extension = {" "}(estyniad { $n })
case-ev-which-check = {" "}(gwiriad iechyd { $n })
case-ev-corrected-delay = . Rheswm dros yr oedi: { $reason }
case-ev-corrected-detail = { $field }{ $which }: { $old } → { $new }. Rheswm: { $reason }{ $delay }
case-stay-agreed = Cytunodd yr heddlu ({ $name }, { $time }).
case-stay-not-agreed = Ni chytunodd yr heddlu ({ $name }, { $time }).
case-stay-awaiting = Yn aros am ateb y swyddog.
case-stay-request-words = Gofynnwyd gan { $by } am { $time }: { $reason }{ $note }. { $answer }
case-police-here = {" "}(yr heddlu yma { $time } ar ôl cyrraedd)
case-police-left-early = { $at }{ $here }, cyn i'r trosglwyddo gael ei dderbyn: { $reason }
case-departed-to = { $at } i { $site }
