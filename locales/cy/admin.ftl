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
admin-retired-tag = Wedi'i ymddeol
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
admin-force-caption-retired = Heddlu { $code }, wedi'i ymddeol
admin-site-caption = Man diogel { $code }
admin-site-caption-retired = Man diogel { $code }, wedi'i ymddeol
admin-save-changes = Cadw'r newidiadau
admin-reopen-heading = Ailagor
admin-reopen-button = Ailagor { $name }
admin-retire-heading = Ymddeol
admin-retire-button = Ymddeol { $name }
admin-force-retire-text = Nid yw heddlu sydd wedi'i ymddeol yn cael ei gynnig ar gyfer cyfrifon newydd. Mae ei swyddogion yn cadw eu cyfrifon nes i chi eu hanalluogi, ac mae ei achosion a'i ffigurau'n aros mewn adroddiadau.
admin-site-reopen-text = Cynigiwch y man diogel hwn eto ar gyfer cyrhaeddiadau a throsglwyddiadau newydd.
admin-site-retire-text = Nid yw man diogel sydd wedi'i ymddeol yn cael ei gynnig ar gyfer cyrhaeddiadau na throsglwyddiadau newydd. Mae'r bobl sydd yno nawr yn aros ar ei fwrdd nes iddynt adael, ac mae ei achosion a'i ffigurau'n aros mewn adroddiadau.
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
admin-saved-retired = Wedi'i ymddeol: nid yw'n cael ei gynnig ar gyfer gwaith newydd mwyach. Mae ei hanes a'i ffigurau'n aros
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
admin-site-retired-choose = Mae { $name } wedi'i ymddeol: dewiswch fan diogel arall
admin-force-retired-choose = Mae { $name } wedi'i ymddeol: dewiswch heddlu arall
admin-setting-target = Targed trosglwyddo (munudau)
admin-target-enter = Rhowch y targed trosglwyddo mewn munudau, er enghraifft 60
admin-target-whole-number = Rhowch y targed trosglwyddo fel nifer cyfan o funudau, er enghraifft 60
admin-target-range = Rhaid i'r targed trosglwyddo fod rhwng { $min } a { $max } munud
admin-no-such-setting = Nid oes gosodiad o'r enw { $key }. Gosodiadau: { $known }
