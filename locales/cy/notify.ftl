# Hysbysiadau: testunau e-byst a hysbysiadau gwthio, yn iaith y derbynnydd.

## Negeseuon (domain::notify)
notify-handover = Derbyniwyd trosglwyddiad { $reference } yn { $site } gan { $by } am { $time }: cewch adael.
notify-stay-request = Mae { $name } yn gofyn i'r heddlu aros gyda { $reference } yn { $site } (rheswm: { $reason }). Atebwch ar dudalen yr achos.
notify-stay-reminder = Nodyn atgoffa: mae { $reference } yn { $site } yn gofyn i'r heddlu aros (rheswm: { $reason }). Atebwch ar dudalen yr achos.
notify-stay-agreed = Cytunodd yr heddlu i aros gyda { $reference } yn { $site }.
notify-stay-declined = Gwrthododd yr heddlu aros gyda { $reference } yn { $site }.
notify-arrived = Mae { $reference } wedi cyrraedd { $site } ({ $force }): trosglwyddo o fewn { $target ->
    [one] 1 munud
    [two] 2 funud
   *[other] { $target } munud
}.
notify-waited = Mae { $reference } wedi aros { $n ->
    [one] 1 munud
    [two] 2 funud
   *[other] { $n } munud
} am drosglwyddiad yn { $site } ({ $force }).
notify-reason-risk_to_life = risg i fywyd
notify-reason-insufficient_staff = dim digon o staff
notify-reason-awaiting_medical_clearance = yn aros am gliriad meddygol
notify-reason-awaiting_bed_or_transfer = yn aros am wely neu drosglwyddiad
notify-reason-violence_or_absconding_risk = risg o drais neu o ddianc
notify-reason-other = arall

## E-byst (notify::email)
notify-email-subject-waiting = s136: { $reference } yn aros { $n } mun yn { $site }
notify-email-subject = s136: { $reference } { $what }
notify-kind-escalation = uwchgyfeirio
notify-kind-handover = trosglwyddo
notify-kind-stay_request = cais i aros
notify-kind-stay_answer = ateb i'r cais i aros
notify-kind-stay_reminder = nodyn atgoffa am y cais i aros
notify-kind-police_declined = gwrthododd yr heddlu
notify-email-reference = Cyfeirnod: { $value }
notify-email-site = Man diogel: { $value }
notify-email-force = Heddlu: { $value }
notify-email-threshold = Trothwy uwchgyfeirio: { $n ->
    [one] 1 munud
    [two] 2 funud
   *[other] { $n } munud
}
notify-email-waiting = Munudau'n aros: { $n }
notify-email-reason = Cod y rheswm: { $value }
notify-email-at = Am: { $value } (UTC)
notify-email-id = Rhif adnabod yr hysbysiad: { $value }

## Teitlau hysbysiadau gwthio (domain::push)
notify-push-arrival = Cyrhaeddiad newydd yn { $site }: { $reference }
notify-push-waiting = Yn aros { $n ->
    [one] 1 munud
    [two] 2 funud
   *[other] { $n } munud
} yn { $site }: { $reference }
notify-push-test = Hysbysiad prawf s136
notify-push-test-body = Mae hysbysiadau'n gweithio ar y ddyfais hon.
notify-push-handover = Derbyniwyd y trosglwyddiad: { $reference }
notify-push-stay-request = Mae staff yn gofyn i'r heddlu aros: { $reference }
notify-push-stay-reminder = Atebwch y cais i aros: { $reference }
notify-push-stay-answer = Cytunodd yr heddlu i aros: { $reference }
notify-push-police-declined = Gwrthododd yr heddlu aros: { $reference }
notify-kind-test = prawf

## Tudalen yr hysbysiadau
notify-title = Hysbysiadau
notify-intro = Anfonir uwchgyfeiriadau, trosglwyddiadau a cheisiadau i aros drwy fachyn gwe, e-bost a hysbysiad gwthio o flwch anfon: rhoddir cynnig arall ar bob un ar ôl 10 eiliad, 30 eiliad, 2, 10 a 30 munud, ac yna fe'i rhestrir yma fel un a fethodd.
notify-failed = Wedi methu
notify-pending = Yn aros i gael eu hanfon
notify-sent = Wedi'u hanfon
notify-recently-sent = Wedi'u hanfon yn ddiweddar
notify-none = Dim.
notify-none-yet = Dim eto.
notify-list-caption = { $what } ({ $n })
notify-col-case = Achos
notify-col-type = Math
notify-col-channel = Sianel
notify-col-to = At
notify-col-created = Crëwyd
notify-col-attempts = Ymdrechion
notify-col-last-error = Y gwall diwethaf
notify-col-sent-or-next = Anfonwyd neu'r ymgais nesaf
notify-sent-at = anfonwyd { $time }
notify-next-at = nesaf { $time }
notify-retry = Rhoi cynnig arall arni
notify-retry-what = { $kind } at { $to }
notify-channel-webhook = bachyn gwe
notify-channel-email = e-bost
notify-channel-push = hysbysiad gwthio
notify-to-removed-webhook = bachyn gwe { $id } (wedi'i dynnu)
notify-to-user = defnyddiwr { $id }
notify-when = { $day }, { $time }
notify-webhooks = Bachau gwe
notify-no-webhooks = Dim bachau gwe.
notify-webhook-scope-events = { $scope }; digwyddiadau: { $events }
notify-webhook-n = bachyn gwe { $id }
notify-scope-site = safle { $code }
notify-scope-force = heddlu { $code }
notify-all = y cyfan
notify-add-webhook = Ychwanegu bachyn gwe
notify-url = Cyfeiriad
notify-url-hint = https:// neu http://; ni ddilynir ailgyfeiriadau
notify-secret = Cyfrinach
notify-secret-hint = O leiaf 16 nod: mae'n llofnodi pob corff (X-S136-Signature)
notify-site = Cod y man diogel (dewisol)
notify-site-hint = Y man diogel hwn yn unig
notify-force = Cod yr heddlu (dewisol)
notify-force-hint = Achosion yr heddlu hwn yn unig (ystafell reoli). Gadewch y ddau'n wag ar gyfer popeth
notify-events = Mathau (dewisol)
notify-events-hint = Wedi'u gwahanu gan atalnodau, o blith: { $known }. Gwag: y cyfan
notify-add-webhook-button = Ychwanegu bachyn gwe
notify-saved-retried = Wedi'i roi yn y ciw eto: caiff ei anfon o fewn ychydig eiliadau
notify-saved-added = Ychwanegwyd y bachyn gwe
notify-saved-removed = Tynnwyd y bachyn gwe

## Gwrthodiadau (domain::notify)
notify-threshold-not-minutes = Nid yw "{ $part }" yn nifer o funudau o 0 i 1440
notify-threshold-enter = Rhowch o leiaf un trothwy, er enghraifft 0,45,60
notify-repeat-enter = Rhowch yr ailadrodd mewn munudau, o 0 (dim) i 1440
notify-no-site = Nid oes man diogel gyda'r cod { $code }
notify-no-force = Nid oes heddlu gyda'r cod { $code }
notify-url-scheme = Rhaid i'r cyfeiriad ddechrau gyda https:// neu http://
notify-url-host = Rhaid i'r cyfeiriad enwi gwesteiwr, er enghraifft https://example.org/hook
notify-url-long = Mae'r cyfeiriad yn hwy na 2000 nod
notify-secret-short = Rhaid i'r gyfrinach fod yn o leiaf 16 nod
notify-site-or-force = Dewiswch safle neu heddlu, nid y ddau
notify-not-a-type = Nid yw "{ $event }" yn fath o hysbysiad ({ $known })
notify-contact-role = Dewiswch on_call neu manager
notify-contact-email = Rhowch gyfeiriad e-bost fel oncall@trust.nhs.uk
