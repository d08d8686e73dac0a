# Labels of the coded choices (src/domain/rules.rs): <Enum>-<code>.

## DelayReason
DelayReason-risk_to_life = Perygl i fywyd neu o niwed difrifol i'r unigolyn neu i eraill
DelayReason-insufficient_staff = Dim digon o staff iechyd ar y safle i gymryd drosodd
DelayReason-awaiting_medical_clearance = Aros am gliriad meddygol mewn adran achosion brys
DelayReason-awaiting_bed_or_transfer = Aros am wely neu am drosglwyddiad i fan diogel arall
DelayReason-violence_or_absconding_risk = Mae'r unigolyn yn dreisgar neu'n debygol o ddianc
DelayReason-other = Rheswm arall

## ExtensionReason
ExtensionReason-assessment_impracticable = Mae cyflwr yr unigolyn yn ei gwneud yn anymarferol cwblhau'r asesiad mewn pryd
ExtensionReason-other = Rheswm arall

## Outcome
Outcome-admitted_informally = Derbyniwyd yn anffurfiol
Outcome-detained_s2 = Cadwyd o dan adran 2
Outcome-detained_s3 = Cadwyd o dan adran 3
Outcome-discharged_with_follow_up = Rhyddhawyd gyda gofal dilynol
Outcome-discharged_without_follow_up = Rhyddhawyd heb ofal dilynol
Outcome-transferred_to_police_custody = Trosglwyddwyd i ddalfa'r heddlu
Outcome-other = Canlyniad arall

## EpisodeKind
EpisodeKind-s136 = Adran 136 (symud o fan cyhoeddus)
EpisodeKind-s135 = Adran 135(1) (gwarant i fynd i mewn i eiddo)

## LocationType
LocationType-public_place = Man cyhoeddus (stryd, parc, rheilffordd, siop)
LocationType-other_non_dwelling = Man arall nad yw'n annedd breifat (er enghraifft gweithle neu dir ysbyty)

## AgeBand
AgeBand-under_18 = O dan 18
AgeBand-18_24 = 18 i 24
AgeBand-25_34 = 25 i 34
AgeBand-35_44 = 35 i 44
AgeBand-45_54 = 45 i 54
AgeBand-55_64 = 55 i 64
AgeBand-65_plus = 65 neu'n hŷn
AgeBand-not_known = Ddim yn hysbys

## Sex
Sex-female = Benyw
Sex-male = Gwryw
Sex-other = Arall
Sex-not_stated = Heb ei nodi

## Ethnicity
Ethnicity-asian_bangladeshi = Asiaidd: Bangladeshaidd
Ethnicity-asian_chinese = Asiaidd: Tsieineaidd
Ethnicity-asian_indian = Asiaidd: Indiaidd
Ethnicity-asian_pakistani = Asiaidd: Pacistanaidd
Ethnicity-asian_other = Asiaidd: unrhyw gefndir Asiaidd arall
Ethnicity-black_african = Du: Affricanaidd
Ethnicity-black_caribbean = Du: Caribïaidd
Ethnicity-black_other = Du: unrhyw gefndir Du arall
Ethnicity-mixed_white_asian = Cymysg: Gwyn ac Asiaidd
Ethnicity-mixed_white_black_african = Cymysg: Gwyn a Du Affricanaidd
Ethnicity-mixed_white_black_caribbean = Cymysg: Gwyn a Du Caribïaidd
Ethnicity-mixed_other = Cymysg: unrhyw gefndir Cymysg neu aml-ethnig arall
Ethnicity-white_british = Gwyn: Cymreig, Seisnig, Albanaidd, Gwyddelig Gogleddol neu Brydeinig
Ethnicity-white_irish = Gwyn: Gwyddelig
Ethnicity-white_gypsy_traveller = Gwyn: Sipsi neu Deithiwr Gwyddelig
Ethnicity-white_roma = Gwyn: Roma
Ethnicity-white_other = Gwyn: unrhyw gefndir Gwyn arall
Ethnicity-other_arab = Grŵp ethnig arall: Arabaidd
Ethnicity-other_any = Grŵp ethnig arall: unrhyw grŵp ethnig arall
Ethnicity-not_stated = Heb ei nodi

## Arrested
Arrested-yes = Do, arestiwyd am drosedd
Arrested-no = Naddo
Arrested-not_known = Ddim yn hysbys

## Transport
Transport-ambulance = Ambiwlans
Transport-police_vehicle = Cerbyd yr heddlu
Transport-other_health_vehicle = Cerbyd iechyd arall
Transport-other = Arall
Transport-unknown = Ddim yn hysbys
Transport-none = Dim (eisoes mewn man diogel)

## PoliceVehicleReason
PoliceVehicleReason-ambulance_unavailable = Dim ambiwlans ar gael o fewn 30 munud
PoliceVehicleReason-ambulance_not_requested = Ni ofynnwyd am ambiwlans
PoliceVehicleReason-risk_or_violence = Risg neu drais
PoliceVehicleReason-other = Rheswm arall
PoliceVehicleReason-unknown = Ddim yn hysbys

## TimeField
TimeField-arrived_at = Cyrraedd
TimeField-handover_offered_at = Cynnig trosglwyddo
TimeField-handed_over_at = Trosglwyddo wedi'i dderbyn
TimeField-police_left_at = Yr heddlu wedi gadael
TimeField-departed_at = Gadael ar gyfer trosglwyddiad
TimeField-detained_at = Defnyddio'r pŵer (cadw)
TimeField-warrant_at = Gweithredu gwarant adran 135
TimeField-assessment_started_at = Asesiad wedi dechrau
TimeField-assessment_completed_at = Asesiad wedi'i gwblhau
TimeField-ended_at = Diwedd y cadw
TimeField-extension_authorised_at = Estyniad wedi'i awdurdodi
TimeField-health_check_at = Gwiriad iechyd mewn gorsaf heddlu

## HealthConsulted
HealthConsulted-consulted = Do, ymgynghorwyd â gweithiwr iechyd proffesiynol
HealthConsulted-not_practicable = Naddo, nid oedd yn ymarferol ymgynghori ag un

## SiteKind
SiteKind-mental_health_unit = Uned iechyd meddwl (ystafell 136)
SiteKind-emergency_department = Adran achosion brys
SiteKind-police_station = Gorsaf heddlu
SiteKind-private_home = Cartref preifat (mae'r meddiannydd yn cytuno: a135(6) Deddf Iechyd Meddwl 1983)
SiteKind-other = Man diogel arall

## Role
Role-officer = Swyddog yr heddlu
Role-health = Staff iechyd
Role-manager = Rheolwr
Role-admin = Gweinyddwr
