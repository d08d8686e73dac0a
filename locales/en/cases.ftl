# One case and its actions: what officers and nurses read (templates/case*.html,
# the action forms, src/web/episodes, the case domain's messages).

## Dates and durations (domain::time, domain::detention)
case-wd-1 = Mon
case-wd-2 = Tue
case-wd-3 = Wed
case-wd-4 = Thu
case-wd-5 = Fri
case-wd-6 = Sat
case-wd-7 = Sun
case-mon-1 = Jan
case-mon-2 = Feb
case-mon-3 = Mar
case-mon-4 = Apr
case-mon-5 = May
case-mon-6 = Jun
case-mon-7 = Jul
case-mon-8 = Aug
case-mon-9 = Sep
case-mon-10 = Oct
case-mon-11 = Nov
case-mon-12 = Dec
case-when-long = { $weekday } { $day } { $month } { $year }, { $time }
case-day-short = { $weekday } { $day } { $month }
case-duration-hm = { $h }h { $m }m
case-day-hm = { $time } { $day ->
    [today] today
    [tomorrow] tomorrow
    [yesterday] yesterday
   *[other] on { $date }
}
case-detention-ends = Detention authority ends at { $time } { $day ->
    [today] today
    [tomorrow] tomorrow
    [yesterday] yesterday
   *[other] on { $date }
} (in { $left })
case-detention-ended = Detention authority ended at { $time } { $day ->
    [today] today
    [tomorrow] tomorrow
    [yesterday] yesterday
   *[other] on { $date }
} ({ $left } ago)
case-collar-enter = Enter your collar number
case-collar-format = Enter a collar number of up to 12 letters and numbers, like 4521
case-text-too-long = { $what } must be { $max } characters or fewer
case-text-control = { $what } must not contain control characters (such as NUL)
case-text-control-line = { $what } must not contain control characters (such as NUL) or line breaks
case-phone-clock-out = This phone's clock is more than 24 hours out. Set the phone's date and time, then choose Earlier and enter the arrival time
case-phone-clock-ahead = The phone's clock said { $said }, later than the time now, { $now }. Choose Earlier and enter the arrival time
case-phone-saved-too-long-ago = This arrival was saved on the phone at { $at }, more than 24 hours ago. Ask a manager to record it
case-arrival-future = Arrival time cannot be in the future. Enter a time before { $time }
case-arrival-too-old = Arrival time must be within the last 24 hours. Ask a manager to record older cases
case-arrival-backdate-reason = Give a reason for logging the arrival { $late } after it happened
case-event-future = The { $what } cannot be in the future. Enter a time before { $time }
case-event-before = Enter a { $what } that is after the { $earliest }, { $time }
case-what-delay-note = The delay note
case-delay-from-list = Choose a reason for the delay from the list
case-delay-describe = Describe the reason for the delay
case-what-handover-time = handover time
case-what-arrival-time = arrival time
case-the-arrival-time = the arrival time
case-when-both = You chose "Just now" and also entered a time. Choose "Earlier" to use the time you entered, or clear the time to use the time now
case-time-enter = Enter { $what }
case-arrival-capture-unreadable = The time this arrival was saved on the phone could not be read. Choose Earlier and enter the arrival time
case-the-power-time = the time the power was used
case-the-warrant-time = the time the warrant was executed
case-arrival-officers-number = Enter the number of officers as a whole number, like 2
case-arrival-prealert-unknown = That pre-alert is not known. Log the arrival without it.
case-arrival-title = Log arrival at a place of safety
case-no-force = Your account has no police force. Ask an administrator to set one.
case-arrival-site-choose = Choose the place of safety
case-arrival-site-unknown = Choose a place of safety from the list (that site code is not known)
case-arrival-power-after = Enter a time the power was used that is before the arrival time, { $time }
case-arrival-power-too-early = Enter a time the power was used within 24 hours before the arrival
case-arrival-officers-range = Enter the number of officers present, from 1 to { $max }
case-arrival-form-reused = This form already logged case { $reference }, and the details have changed since. If this is another person, select Log arrival again to log a new case; to change { $reference }, open it from your home page.
case-what-client-ref = client_ref
case-what-reason = The reason
case-what-notes = Notes
case-what-extension-time = time the extension was authorised
case-what-first-arrival = arrival at the first place of safety
case-extend-ran-out = The detention authority ran out at { $at }. An extension must be authorised before it ends
case-extend-hours = Enter the number of hours, from 1 to 12
case-extend-total = Extensions can total at most 12 hours; { $granted } already granted, so enter at most { $left }
case-what-name = The name
case-extend-name-enter = Enter the name of the registered medical practitioner who authorised the extension
case-extend-reason-from-list = Choose the reason for the extension from the list
case-extend-reason-describe = Describe the reason for the extension
case-extend-reason-choose = Choose the reason for the extension
case-extend-supt-collar = Enter the collar number of the superintendent: up to 12 letters and numbers
case-extend-supt-name-needed = At a police station a superintendent or above must approve the extension: enter their name
case-extend-supt-collar-needed = At a police station enter the collar number of the approving superintendent
case-ps-under-18 = A person under 18 can never be taken to or kept at a police station as a place of safety (section 136A, Mental Health Act 1983). Choose another place of safety.
case-ps-age-choose = Choose the person's age band: a police station can be used only for an adult, never for anyone under 18 (section 136A, Mental Health Act 1983)
case-private-dwelling = Section 136 cannot be used in a private dwelling (or its garden or yard): use a section 135 warrant (section 136(1), Mental Health Act 1983). Choose a public place or another place that is not a private dwelling
case-ps-age-from-list = Choose the age band from the list
case-what-inspector-name = The inspector's name
case-ps-inspector-name = Enter the name of the inspector (or above) who authorised the use of a police station
case-ps-inspector-collar = Enter the collar number of the inspector who authorised the use of a police station
case-ps-inspector-collar-format = Enter the inspector's collar number: up to 12 letters and numbers
case-ps-imminent-risk = Confirm that the person's behaviour poses an imminent risk of serious injury or death (SI 2017/1036 regulation 2)
case-ps-no-other-place = Confirm that no other place of safety in the force area can reasonably be used (SI 2017/1036 regulation 2)
case-ps-consulted-say = Say whether a health professional was consulted before using a police station (SI 2017/1036 regulation 2)
case-ps-consulted-from-list = Choose whether a health professional was consulted from the list
case-ps-not-consulted-reason = Give the reason it was not practicable to consult a health professional
case-power-choose = Choose the power used: section 136 or a section 135(1) warrant
case-warrant-enter = Enter the date and time the section 135 warrant was executed
case-warrant-future = The time the warrant was executed cannot be in the future. Enter a time before { $time }
case-warrant-too-early = Enter a time the warrant was executed within the 48 hours before now
case-warrant-after-arrival = Enter a time the warrant was executed that is before the arrival time, { $time }
case-what-amhp-name = The AMHP's name
case-warrant-amhp-name = Enter the name of the approved mental health professional (AMHP) named in the warrant
case-location-s135 = This is a section 135 warrant case: the section 136 detention location type does not apply
case-location-choose = Choose where the person was detained: a public place or another place that is not a private dwelling
case-check-overdue = Health check overdue: due { $due } ({ $late } ago)
case-check-next = Next health check due by { $due } (in { $left })
case-check-not-at-ps = Health checks are recorded only while the person is held at a police station.
case-check-name-enter = Enter the name of the health professional who checked the person
case-what-note = The note
case-handover-delay-reason = Choose a reason for the delay: handover was { $waited } after arrival, over the { $target }-minute target
case-what-role = The role
case-status-awaiting = Awaiting handover
case-status-handed-over = Handed over
case-status-cancelled = Cancelled
case-status-transferred = Left before handover
case-status-ended = Detention ended
case-handover-already = Handover was already confirmed by { $who } ({ $role }) at { $when }.
case-handover-already-no-role = Handover was already confirmed by { $who } at { $when }.
case-someone = someone
case-what-assessment-started = time the assessment started
case-what-assessment-completed = time the assessment was completed
case-end-started-after-end = Enter a time the assessment started that is before the end of the detention, { $time }
case-end-completed-after-end = Enter a time the assessment was completed that is before the end of the detention, { $time }
case-what-details = The details
case-end-outcome-from-list = Choose the outcome from the list
case-end-outcome-describe = Describe the outcome
case-end-outcome-choose = Choose the outcome
case-stay-already-asked = Police were already asked to stay at { $time } by { $who }.
case-stay-reason-from-list = Choose the reason police are asked to stay from the list
case-stay-reason-describe = Describe the reason police are asked to stay
case-stay-reason-choose = Choose the reason police are asked to stay
case-stay-not-asked = Nobody has asked the police to stay at this place of safety.
case-stay-already-answered = The request was already answered ({ $agreed ->
    [yes] agreed
   *[no] not agreed
}) by { $who }.
case-name = { $name }
case-what-left-time = time the person left
case-what-arrival-here = arrival time here
case-what-new-arrival = arrival time at the new place of safety
case-transfer-site-choose = Choose the place of safety the person is going to
case-transfer-same-site = Choose a different place of safety: the person is already there
case-cancel-already = This case is already cancelled.
case-cancel-reason = Give the reason for cancelling this case
case-police-left-not-accepted = Health staff have not accepted the handover yet. Ask them to confirm it on their board, or give the reason police must leave before it (for example, released under protest).
case-what-offered-time = time handover was offered
case-what-detention-end = end of the detention
case-what-police-left-time = time police left
case-police-left-already = Police leaving was already recorded at { $time }.
case-offer-already = Handover was already offered at { $time }.
case-correct-delay-reason = Choose a reason for the delay: with this correction the handover is { $waited } after arrival, over the { $target }-minute target
