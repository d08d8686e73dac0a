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
