# Gosod (templates/admin*.html, web::admin, web::admin_orgs, domain::admin, domain::orgs).

## Y dudalen osod
admin-title = Gosod
admin-information = Gwybodaeth:
admin-notifications-link = Hysbysiadau
admin-notifications-link-text = : beth a anfonwyd, beth a fethodd (gydag ailgynnig) a'r bachau gwe. Mae trothwyon uwchgyfeirio a chysylltiadau e-bost pob man diogel ar ei dudalen ei hun.
admin-target-heading = Targed trosglwyddo
admin-target-label = Targed trosglwyddo mewn munudau
admin-target-hint = Munudau cyfan o { $min } i { $max }. Mae'r Cytundeb Partneriaeth Cenedlaethol yn dweud 60. Mae newid yn berthnasol i bobl sy'n aros nawr ac i bob trosglwyddiad o hyn ymlaen; mae trosglwyddiadau a gofnodwyd eisoes yn cadw eu nodyn torri'r targed
admin-target-save = Cadw'r targed trosglwyddo
admin-saved-target = Cadwyd y targed trosglwyddo
admin-forces-heading = Heddluoedd
admin-retired-tag = Wedi'i dynnu o ddefnydd
admin-change = Newid
admin-force-code = Cod yr heddlu
admin-force-code-hint = Er enghraifft WMP
admin-force-name = Enw'r heddlu
admin-force-add = Ychwanegu heddlu
admin-sites-heading = Mannau diogel
admin-site-code = Cod y safle
admin-site-name = Enw
admin-site-kind = Math
admin-site-trust = Yr ymddiriedolaeth neu'r sefydliad sy'n berchen arno
admin-site-add = Ychwanegu man diogel
admin-choose = Dewiswch
admin-none = Dim
admin-accounts-heading = Cyfrifon
admin-col-username = Enw defnyddiwr
admin-col-name = Enw
admin-col-role = Rôl
admin-col-scope = Cwmpas
admin-col-status = Statws
admin-col-action = Gweithred
admin-scope-all = Y cyfan
admin-enabled = Wedi'i alluogi
admin-disabled = Wedi'i analluogi
admin-your-account = Eich cyfrif chi
admin-disable = Analluogi
admin-enable = Galluogi
admin-user-heading = Ychwanegu cyfrif
admin-user-full-name = Enw llawn
admin-user-force = Heddlu (swyddogion; rheolwr un heddlu)
admin-user-site = Man diogel (staff iechyd; rheolwr un safle)
admin-user-collar = Rhif coler (swyddogion)
admin-user-password = Cyfrinair
admin-user-password-hint = O leiaf 12 nod, nid cyfrinair cyffredin. Gadewch yn wag i greu un (i'w newid wrth fewngofnodi gyntaf)
admin-user-add = Ychwanegu cyfrif
admin-pw-heading = Gosod cyfrinair
admin-pw-new = Cyfrinair newydd
admin-pw-hint = O leiaf 12 nod, nid cyfrinair cyffredin. Gadewch yn wag i greu un (i'w newid wrth fewngofnodi gyntaf). Caiff yr unigolyn ei allgofnodi ym mhobman
admin-pw-save = Gosod cyfrinair

## Hysbysiadau ar ôl cadw
admin-force-added = Ychwanegwyd heddlu { $name } ({ $code })
admin-site-added = Ychwanegwyd man diogel { $name } ({ $code })
admin-user-added = Ychwanegwyd cyfrif { $username }
admin-user-added-password = Ychwanegwyd cyfrif { $username }. Ei gyfrinair yw { $password } (fe'i dangosir unwaith: rhowch ef iddynt yn ddiogel; rhaid iddynt ei newid pan fyddant yn mewngofnodi gyntaf)
admin-password-generated = Cyfrinair newydd ar gyfer { $username }: { $password } (fe'i dangosir unwaith; rhaid iddynt ei newid pan fyddant yn mewngofnodi nesaf). Maent wedi'u hallgofnodi ym mhobman ac nid yw eu tocynnau API yn gweithio mwyach ({ $ended })
admin-password-set = Newidiwyd y cyfrinair ar gyfer { $username }. Maent wedi'u hallgofnodi ym mhobman ac nid yw eu tocynnau API yn gweithio mwyach ({ $ended })
admin-user-enabled = Galluogwyd cyfrif { $username }. Gallant fewngofnodi eto
admin-user-disabled = Analluogwyd cyfrif { $username }. Ni allant fewngofnodi ({ $ended })
admin-credentials-ended = { $sessions ->
    [zero] daeth { $sessions } sesiwn i ben
    [one] daeth 1 sesiwn i ben
    [two] daeth 2 sesiwn i ben
   *[other] daeth { $sessions } sesiwn i ben
} a { $tokens ->
    [zero] dirymwyd { $tokens } tocyn API
    [one] dirymwyd 1 tocyn API
    [two] dirymwyd 2 docyn API
   *[other] dirymwyd { $tokens } tocyn API
}

## Tudalen heddlu neu fan diogel
admin-change-title = Newid { $name }
admin-back-to-setup = Yn ôl i'r gosod
admin-force-caption = Heddlu { $code }
admin-force-caption-retired = Heddlu { $code }, wedi'i dynnu o ddefnydd
admin-site-caption = Man diogel { $code }
admin-site-caption-retired = Man diogel { $code }, wedi'i dynnu o ddefnydd
admin-save-changes = Cadw'r newidiadau
admin-reopen-heading = Ailagor
admin-reopen-button = Ailagor { $name }
admin-retire-heading = Tynnu o ddefnydd
admin-retire-button = Tynnu { $name } o ddefnydd
admin-force-retire-text = Nid yw heddlu sydd wedi'i dynnu o ddefnydd yn cael ei gynnig ar gyfer cyfrifon newydd. Mae ei swyddogion yn cadw eu cyfrifon nes i chi eu hanalluogi, ac mae ei achosion a'i ffigurau'n aros mewn adroddiadau.
admin-site-reopen-text = Cynigiwch y man diogel hwn eto ar gyfer cyrhaeddiadau a throsglwyddiadau newydd.
admin-site-retire-text = Nid yw man diogel sydd wedi'i dynnu o ddefnydd yn cael ei gynnig ar gyfer cyrhaeddiadau na throsglwyddiadau newydd. Mae'r bobl sydd yno nawr yn aros ar ei fwrdd nes iddynt adael, ac mae ei achosion a'i ffigurau'n aros mewn adroddiadau.
admin-escalation-heading = Uwchgyfeirio
admin-escalation-text = Tra bo rhywun yn aros yma am drosglwyddiad, anfonir hysbysiadau ar y munudau hyn ar ôl cyrraedd: y cyntaf i'r cysylltiadau ar alwad, y rhai cyn y targed trosglwyddo i'r rhai ar alwad ac i'r rheolwr, o'r targed ymlaen i'r rheolwr ac i fachau gwe'r heddlu. Mae staff iechyd a rheolwyr yma a drodd hysbysiadau ymlaen yn eu porwr yn cael yr un peth drwy hysbysiad gwthio. Yna eto ar bob ailadrodd. Maent yn dod i ben ar y trosglwyddiad, ar ganslo neu ar ddiwedd y cyfnod cadw.
admin-escalation-at = Munudau ar ôl cyrraedd
admin-escalation-at-hint = Wedi'u gwahanu gan atalnodau, er enghraifft 0,45,60
admin-escalation-repeat = Yna bob (munudau)
admin-escalation-repeat-hint = 0 am ddim ailadrodd
admin-escalation-save = Cadw'r uwchgyfeirio
admin-contacts-heading = Cysylltiadau e-bost
admin-contacts-none = Dim cysylltiadau e-bost: mae uwchgyfeiriadau yma'n mynd i fachau gwe yn unig.
admin-contact-on-call = Ar alwad: { $email }
admin-contact-manager = Rheolwr: { $email }
admin-remove = Tynnu
admin-contact-email = Cyfeiriad e-bost
admin-contact-role = Rôl
admin-contact-role-on-call = Ar alwad
admin-contact-role-manager = Rheolwr
admin-contact-add = Ychwanegu cyswllt e-bost
admin-saved-changes = Cadwyd y newidiadau
admin-saved-retired = Wedi'i dynnu o ddefnydd: nid yw'n cael ei gynnig ar gyfer gwaith newydd mwyach. Mae ei hanes a'i ffigurau'n aros
admin-saved-reopened = Wedi'i ailagor: mae'n cael ei gynnig ar gyfer gwaith newydd eto
admin-saved-escalation = Cadwyd y trothwyon uwchgyfeirio
admin-saved-contact-added = Ychwanegwyd cyswllt e-bost
admin-saved-contact-removed = Tynnwyd cyswllt e-bost

## Iaith ddiofyn pobl safle neu heddlu
admin-language-legend = Iaith ddiofyn
admin-language-hint-site = Yr hyn y mae staff y man diogel hwn yn ei weld nes iddynt ddewis iaith eu hunain, ac iaith hysbysiadau ei gysylltiadau e-bost
admin-language-hint-force = Yr hyn y mae swyddogion yr heddlu hwn yn ei weld nes iddynt ddewis iaith eu hunain
admin-language-en = English
admin-language-cy = Cymraeg
admin-language-none = Dim iaith ddiofyn: porwr pob unigolyn sy'n penderfynu
admin-choose-language = Dewiswch English, Cymraeg neu ddim iaith ddiofyn

## Gwrthodiadau (domain::admin, domain::orgs)
admin-enter-name = Rhowch yr enw
admin-enter-trust = Rhowch yr ymddiriedolaeth neu'r sefydliad sy'n berchen arno
admin-force-code-taken = Mae heddlu gyda'r cod { $code } yn bodoli eisoes
admin-site-code-taken = Mae man diogel gyda'r cod { $code } yn bodoli eisoes
admin-choose-kind = Dewiswch y math o fan diogel
admin-username-taken = Mae'r enw defnyddiwr { $username } wedi'i gymryd
admin-choose-role = Dewiswch rôl
admin-choose-force-listed = Dewiswch heddlu o'r rhestr
admin-choose-site-listed = Dewiswch fan diogel o'r rhestr
admin-choose-officer-force = Dewiswch heddlu'r swyddog
admin-enter-officer-collar = Rhowch rif coler y swyddog
admin-choose-health-site = Dewiswch y man diogel lle mae'r unigolyn hwn yn gweithio
admin-manager-one-scope = Cwmpas rheolwr yw un heddlu, un man diogel neu'r cyfan: dewiswch un yn unig
admin-no-such-username = Nid oes gan unrhyw gyfrif yr enw defnyddiwr hwnnw
admin-disable-self = Ni allwch analluogi eich cyfrif eich hun: gofynnwch i weinyddwr arall
admin-disable-last-admin = Dyma'r gweinyddwr olaf sydd wedi'i alluogi: galluogwch neu ychwanegwch un arall cyn ei analluogi
admin-site-retired-choose = Mae { $name } wedi'i dynnu o ddefnydd: dewiswch fan diogel arall
admin-force-retired-choose = Mae { $name } wedi'i dynnu o ddefnydd: dewiswch heddlu arall
admin-setting-target = Targed trosglwyddo (munudau)
admin-target-enter = Rhowch y targed trosglwyddo mewn munudau, er enghraifft 60
admin-target-whole-number = Rhowch y targed trosglwyddo fel nifer cyfan o funudau, er enghraifft 60
admin-target-range = Rhaid i'r targed trosglwyddo fod rhwng { $min } a { $max } munud
admin-no-such-setting = Nid oes gosodiad o'r enw { $key }. Gosodiadau: { $known }

## Eich cyfrinair
account-password-title = Newid eich cyfrinair
account-important = Pwysig:
account-choose-own = Dewiswch eich cyfrinair eich hun
account-choose-own-text = Cafodd eich cyfrinair ei osod ar eich cyfer, felly mae rhywun arall wedi'i weld. Dewiswch eich un eich hun cyn parhau.
account-current = Cyfrinair presennol
account-confirm = Teipiwch y cyfrinair newydd eto
account-change-button = Newid cyfrinair
account-change-text = Mae ei newid yn eich allgofnodi ar bob dyfais arall ac yn dirymu eich tocynnau API.
account-password-hint = O leiaf { $n } nod. Mae tri gair ar hap y gallwch eu cofio yn gwneud un cryf. Gwrthodir cyfrineiriau cyffredin iawn
account-password-changed = Mae eich cyfrinair wedi'i newid. Rydych wedi'ch allgofnodi ym mhobman arall ac nid yw eich tocynnau API yn gweithio mwyach
account-enter-current = Rhowch eich cyfrinair presennol
account-current-wrong = Nid yw eich cyfrinair presennol yn gywir
account-new-same = Rhowch gyfrinair newydd sy'n wahanol i'ch un presennol
account-no-match = Nid yw'r cyfrineiriau'n cyfateb

## Tocynnau API
token-shown-once = Dangosir eich tocyn newydd unwaith. Copïwch ef nawr a'i gadw'n gyfrinachol:
token-intro-1 = Mae tocyn yn gadael i system weithredu fel chi drwy'r API JSON
token-openapi = dogfen OpenAPI
token-intro-2 = , gyda'ch rôl a'ch cwmpas chi. Mae tocynnau'n bersonol: dim ond ar gyfer eich cyfrif eich hun y gallwch eu creu.
token-intro-admin = Gallwch ddirymu tocyn unrhyw un.
token-none = Dim tocynnau eto.
token-col-number = Rhif
token-col-account = Cyfrif
token-col-label = Label
token-col-created = Crëwyd
token-col-last-used = Defnyddiwyd ddiwethaf
token-never = Erioed
token-revoke = Dirymu
token-n = tocyn { $id }
token-revoked-tag = Wedi'i ddirymu
token-create-heading = Creu tocyn
token-label-hint = Beth fydd yn ei ddefnyddio, er enghraifft: integreiddio'r ystafell reoli
token-create = Creu tocyn
token-revoked = Dirymwyd tocyn { $id }: nid yw'n gweithio mwyach.
token-personal = Mae tocynnau'n bersonol: dim ond ar gyfer eich cyfrif eich hun y gallwch greu un. Gall gweithredwr y gweinydd greu un ar gyfer cyfrif arall gyda `s136 token create --username`.
token-no-such = Nid oes gennych docyn gyda'r rhif hwnnw

## Hysbysiadau ar y ddyfais hon
push-heading = Hysbysiadau ar y ddyfais hon
push-turn-on = Troi hysbysiadau ymlaen ar y ddyfais hon
push-turn-off = Diffodd hysbysiadau ar y ddyfais hon
push-send-test = Anfon hysbysiad prawf ataf
push-js-blocked = Mae hysbysiadau gan y gwasanaeth hwn wedi'u rhwystro yn y porwr hwn. Caniatewch nhw yng ngosodiadau safle'r porwr, yna rhowch gynnig arall arni.
push-js-on-long = Mae hysbysiadau ymlaen ar gyfer y ddyfais hon. Cewch wybod am eich achosion yma hyd yn oed pan fydd y dudalen hon ar gau.
push-js-on = Mae hysbysiadau ymlaen ar gyfer y ddyfais hon.
push-js-off = Mae hysbysiadau wedi'u diffodd ar y ddyfais hon.
push-js-turning-on = Wrthi'n troi hysbysiadau ymlaen…
push-js-turning-off = Wrthi'n diffodd hysbysiadau…
push-js-change-failed = Nid oedd modd newid hysbysiadau ar y ddyfais hon:
push-js-sending = Wrthi'n anfon hysbysiad prawf…
push-js-test-one = Mae hysbysiad prawf ar ei ffordd i 1 ddyfais. Dylai ymddangos mewn ychydig eiliadau.
push-js-test-two = Mae hysbysiad prawf ar ei ffordd i 2 ddyfais. Dylai ymddangos mewn ychydig eiliadau.
push-js-test-other = Mae hysbysiad prawf ar ei ffordd i {"{"}n{"}"} dyfais. Dylai ymddangos mewn ychydig eiliadau.
push-js-test-none = Nid oes gan yr un o'ch dyfeisiau hysbysiadau ymlaen. Diffoddwch hysbysiadau a'u troi ymlaen eto.
push-js-test-failed = Nid oedd modd anfon yr hysbysiad prawf:
push-no-endpoint = Nid oes gan y tanysgrifiad bwynt terfyn.
push-endpoint-control = Ni ddylai'r pwynt terfyn gynnwys nodau rheoli.
push-endpoint-long = Mae'r pwynt terfyn yn hwy na { $n } nod.
push-endpoint-not-url = Nid yw'r pwynt terfyn yn gyfeiriad gwe.
push-endpoint-no-host = Nid oes gwesteiwr gan y pwynt terfyn.
push-endpoint-userinfo = Ni ddylai'r pwynt terfyn gynnwys enw defnyddiwr, cyfrinair na darn.
push-endpoint-https = Rhaid i'r pwynt terfyn fod yn gyfeiriad https gwasanaeth gwthio.
push-key-p256dh = Rhaid i allwedd gyhoeddus y porwr (keys.p256dh) fod yn bwynt P-256: 65 beit, base64url.
push-key-auth = Rhaid i gyfrinach ddilysu'r porwr (keys.auth) fod yn 16 beit, base64url.
push-label-long = Rhaid i label y ddyfais fod yn { $n } nod o destun plaen ar y mwyaf.
push-key-not-on-curve = Nid yw allwedd gyhoeddus y porwr (keys.p256dh) yn bwynt ar gromlin P-256.
push-not-found = Nid oes gan y ddyfais hon hysbysiadau gan y gwasanaeth hwn i'w diffodd.
push-say-which = Dywedwch pa danysgrifiad i'w ddiweddu (id neu endpoint).
push-request-too-large = Mae'r cais yn fwy na { $n } KiB.
push-request-not-json = Nid yw'r cais yn y JSON y mae'r cyfeiriad hwn yn ei gymryd ({ $detail }).

## Mewngofnodi ac un mewngofnod (single sign-on)
auth-enter-username = Rhowch eich enw defnyddiwr
auth-enter-password = Rhowch eich cyfrinair
auth-too-many = Gormod o ymdrechion aflwyddiannus i fewngofnodi. Arhoswch 15 munud, neu gofynnwch i weinyddwr ailosod eich cyfrinair.
auth-wrong = Rhowch enw defnyddiwr a chyfrinair cywir
sso-issuer-enter = Rhowch y cyhoeddwr fel URL, er enghraifft https://login.microsoftonline.com/TENANT/v2.0
sso-issuer-https = Rhaid i'r cyhoeddwr fod yn URL https
sso-issuer-invalid = Nid yw'r cyhoeddwr yn URL dilys: { $detail }
sso-name-enter = Rhowch enw o hyd at 40 o lythrennau bach, rhifau neu gysylltnodau, er enghraifft entra
sso-name-taken = Mae darparwr o'r enw { $name } yn bodoli eisoes
sso-label-long = Rhowch label o 60 nod neu lai
sso-client-id = Rhowch yr ID cleient a roddodd y darparwr
sso-claim = Dewiswch yr hawliad i'w gyfateb: email neu preferred_username
sso-role-officer = Mae angen rhif coler ar swyddogion, felly ni ellir gwneud eu cyfrifon drwy fewngofnodi: ychwanegwch nhw
sso-role-admin = Ni ellir gwneud gweinyddwyr drwy fewngofnodi: ychwanegwch nhw
sso-role-choose = Dewiswch y rôl ar gyfer cyfrifon a wneir drwy fewngofnodi: health neu manager
sso-force-code = Dewiswch heddlu yn ôl ei god
sso-site-code = Dewiswch fan diogel yn ôl ei god
sso-health-site = Dewiswch y man diogel lle mae'r staff iechyd sy'n mewngofnodi yn gweithio
sso-health-no-force = Mae gan staff iechyd fan diogel, nid heddlu
sso-unreachable = Nid oedd modd cyrraedd y darparwr un mewngofnod, neu rhoddodd ateb anghywir. Rhowch gynnig arall arni, neu mewngofnodwch gyda'ch cyfrinair.
sso-expired = Mae'r mewngofnodi hwn wedi dod i ben neu ni chafodd ei ddechrau yn y porwr hwn. Ewch yn ôl i'r dudalen fewngofnodi a rhowch gynnig arall arni.
sso-untrusted = Nid oedd modd ymddiried yn ateb y darparwr un mewngofnod, felly nid ydych wedi mewngofnodi.
sso-email-unverified = Nid yw eich cyfeiriad e-bost wedi'i ddilysu gan y darparwr un mewngofnod.
sso-no-claim-email = Ni ddywedodd y darparwr un mewngofnod beth yw eich cyfeiriad e-bost, felly nid ydych wedi mewngofnodi.
sso-no-claim-username = Ni ddywedodd y darparwr un mewngofnod beth yw eich preferred_username, felly nid ydych wedi mewngofnodi.
sso-no-account = Nid oes cyfrif ar gyfer { $identity } yn y gwasanaeth hwn. Gofynnwch i weinyddwr ychwanegu un.
sso-disabled = Mae eich cyfrif wedi'i analluogi. Gofynnwch i weinyddwr os oes arnoch ei angen eto.
sso-not-made = Nid oedd modd gwneud cyfrif ar gyfer { $identity } drwy fewngofnodi. Gofynnwch i weinyddwr ychwanegu un.
sso-not-signed-in = Ni wnaeth y darparwr un mewngofnod eich mewngofnodi.

## Codau, enwau defnyddiwr a chyfrineiriau fel y'u teipiwyd (domain::types)
admin-code-format = Rhowch god o 2 i 16 o lythrennau, rhifau, cysylltnodau neu danlinellau, fel WMP
admin-username-format = Rhowch enw defnyddiwr o 2 i 100 o lythrennau, rhifau, atalnodau llawn, cysylltnodau, tanlinellau neu @ (mae cyfeiriad e-bost yn iawn)
account-password-short = Rhowch gyfrinair o { $n } nod o leiaf. Mae tri gair ar hap yn gwneud un cryf
account-password-long = Rhowch gyfrinair o { $n } nod neu lai
account-password-common = Mae'r cyfrinair hwnnw ymhlith y rhai a ddefnyddir fwyaf, felly mae'n hawdd ei ddyfalu: dewiswch un arall
admin-what-the-name = Yr enw
token-what-label = Y label
