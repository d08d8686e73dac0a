# Labels of the coded choices (src/domain/rules.rs): <Enum>-<code>.

## DelayReason
DelayReason-risk_to_life = Risk to life or of serious harm to the person or others
DelayReason-insufficient_staff = Not enough health staff on site to take over
DelayReason-awaiting_medical_clearance = Awaiting medical clearance in an emergency department
DelayReason-awaiting_bed_or_transfer = Awaiting a bed or a transfer to another place of safety
DelayReason-violence_or_absconding_risk = The person is violent or likely to abscond
DelayReason-other = Other reason

## ExtensionReason
ExtensionReason-assessment_impracticable = The person's condition makes it impracticable to complete the assessment in time
ExtensionReason-other = Other reason

## Outcome
Outcome-admitted_informally = Admitted informally
Outcome-detained_s2 = Detained under section 2
Outcome-detained_s3 = Detained under section 3
Outcome-discharged_with_follow_up = Discharged with follow-up
Outcome-discharged_without_follow_up = Discharged without follow-up
Outcome-transferred_to_police_custody = Transferred to police custody
Outcome-other = Other outcome

## EpisodeKind
EpisodeKind-s136 = Section 136 (removed from a public place)
EpisodeKind-s135 = Section 135(1) (warrant to enter premises)

## LocationType
LocationType-public_place = A public place (street, park, railway, shop)
LocationType-other_non_dwelling = Another place that is not a private dwelling (for example a workplace or hospital grounds)

## AgeBand
AgeBand-under_18 = Under 18
AgeBand-18_24 = 18 to 24
AgeBand-25_34 = 25 to 34
AgeBand-35_44 = 35 to 44
AgeBand-45_54 = 45 to 54
AgeBand-55_64 = 55 to 64
AgeBand-65_plus = 65 or over
AgeBand-not_known = Not known

## Sex
Sex-female = Female
Sex-male = Male
Sex-other = Other
Sex-not_stated = Not stated

## Ethnicity
Ethnicity-asian_bangladeshi = Asian: Bangladeshi
Ethnicity-asian_chinese = Asian: Chinese
Ethnicity-asian_indian = Asian: Indian
Ethnicity-asian_pakistani = Asian: Pakistani
Ethnicity-asian_other = Asian: any other Asian background
Ethnicity-black_african = Black: African
Ethnicity-black_caribbean = Black: Caribbean
Ethnicity-black_other = Black: any other Black background
Ethnicity-mixed_white_asian = Mixed: White and Asian
Ethnicity-mixed_white_black_african = Mixed: White and Black African
Ethnicity-mixed_white_black_caribbean = Mixed: White and Black Caribbean
Ethnicity-mixed_other = Mixed: any other Mixed or multiple background
Ethnicity-white_british = White: English, Welsh, Scottish, Northern Irish or British
Ethnicity-white_irish = White: Irish
Ethnicity-white_gypsy_traveller = White: Gypsy or Irish Traveller
Ethnicity-white_roma = White: Roma
Ethnicity-white_other = White: any other White background
Ethnicity-other_arab = Other ethnic group: Arab
Ethnicity-other_any = Other ethnic group: any other ethnic group
Ethnicity-not_stated = Not stated

## Arrested
Arrested-yes = Yes, arrested for an offence
Arrested-no = No
Arrested-not_known = Not known

## Transport
Transport-ambulance = Ambulance
Transport-police_vehicle = Police vehicle
Transport-other_health_vehicle = Other health vehicle
Transport-other = Other
Transport-unknown = Not known
Transport-none = None (already at a place of safety)

## PoliceVehicleReason
PoliceVehicleReason-ambulance_unavailable = Ambulance not available within 30 minutes
PoliceVehicleReason-ambulance_not_requested = Ambulance not requested
PoliceVehicleReason-risk_or_violence = Risk or violence
PoliceVehicleReason-other = Other reason
PoliceVehicleReason-unknown = Not known

## TimeField
TimeField-arrived_at = Arrival
TimeField-handover_offered_at = Handover offered
TimeField-handed_over_at = Handover accepted
TimeField-police_left_at = Police left
TimeField-departed_at = Left for a transfer
TimeField-detained_at = Power used (detention)
TimeField-warrant_at = Section 135 warrant executed
TimeField-assessment_started_at = Assessment started
TimeField-assessment_completed_at = Assessment completed
TimeField-ended_at = End of detention
TimeField-extension_authorised_at = Extension authorised
TimeField-health_check_at = Health check at a police station

## HealthConsulted
HealthConsulted-consulted = Yes, a health professional was consulted
HealthConsulted-not_practicable = No, it was not practicable to consult one

## SiteKind
SiteKind-mental_health_unit = Mental health unit (136 suite)
SiteKind-emergency_department = Emergency department
SiteKind-police_station = Police station
SiteKind-private_home = Private home (its occupier agrees: s135(6) MHA 1983)
SiteKind-other = Other place of safety

## Role
Role-officer = Police officer
Role-health = Health staff
Role-manager = Manager
Role-admin = Administrator
