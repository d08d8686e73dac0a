# Breach reports, their charts and CSVs, and the Home Office return
# (templates/reports.html, report_macros.html, home_office.html,
# src/web/reports, src/domain/reports, src/domain/home_office.rs).
# $unit is a code: week, month or year.

## The board's bands and the target in words (domain::rules)
report-band-under = Under { $minutes } min
report-band-from-30 = 30 to { $minutes } min
report-band-from-45 = 45 to { $minutes } min
report-band-breach = Breach
report-target-one-hour = one-hour
report-target-minutes = { $n }-minute

## The page
report-title = Breach report
report-caption = { $range } (UK time)
report-caption-breaches = { $range } (UK time), breaches only
report-date-range = { $from } to { $to }
report-filters-summary = Change the period and places
report-period-hint = For your own dates, choose "Custom dates" and enter the first and last day.
report-first-day = First day
report-last-day = Last day (included)
report-all-you-can-see = All you can see
report-kind-label = Kind of place of safety
report-all-kinds = All kinds
report-breaches-only = Breaches only
report-show = Show the report
report-breaches-only-note = Only breaches are counted on this page, so every rate is 100% by design. Use it to see where and when breaches happen.
report-compared-with = Each change is against the { $previous } (the same number of days just before).
report-all-time-note = All time, so there is no earlier period to compare.
report-target-note = Target: handover within { $target } minutes of arrival. Percentiles are nearest-rank. Every number that counts cases links to the list of those cases.
report-show-headline = Show all the headline figures
report-show-figures = Show the figures
report-show-hours = Show the figures by hour
report-show-weekdays = Show the figures by day of the week
report-show-sites = Show the figures by place of safety
report-show-forces = Show the figures by police force
report-share-link = Link to this report
report-share-note = (fixed dates, to share or bookmark)
report-download-cases = Download the cases (CSV)
report-download-table = Download this table (CSV)
report-print-note = Print from your browser for an A4 landscape copy.
report-ho-link-note = : detentions by age, sex, ethnicity, place of safety, transport and outcome over a financial year (table and CSV).
report-h-distribution = How long handovers took
report-h-over-time = When: over time
report-h-when = When people arrive
report-when-note = When breaches happen, by the UK time of arrival: evidence for staffing.
report-h-where = Where
report-h-why = Why
report-chart-sites-caption = Breaches by place of safety
report-escalated = Escalated at 45 minutes: { $share }% of the breaches ({ $n } of { $of }).
report-prealerts = { $n ->
    [one] { $n } of the arrivals ({ $share }%) was pre-alerted, a median of { $median } minutes before it arrived.
   *[other] { $n } of the arrivals ({ $share }%) were pre-alerted, a median of { $median } minutes before they arrived.
}
report-prealerts-none = None of the arrivals was pre-alerted.

## Periods (domain::reports::Period)
report-period-7d = Last 7 days
report-period-30d = Last 30 days
report-period-this-month = This month
report-period-last-month = Last month
report-period-this-quarter = This quarter
report-period-this-fy = This financial year (April to March)
report-period-last-fy = Last financial year
report-period-all = All time
report-period-custom = Custom dates

## Filter errors (domain::reports::filter)
report-error-tick = Tick the box or leave it empty
report-error-date-range = Enter a date after 1900, for example 2026-11-01
report-error-date = Enter a real date as year-month-day, for example 2026-11-01
report-error-period = Choose a period from the list
report-error-from = Enter the first day of the report
report-error-to = Enter a last day that is the same as or after the first day
report-error-force = Choose a police force from the list
report-error-own-force = Your account can only see reports for its own police force
report-error-site = Choose a place of safety from the list
report-error-own-site = Your account can only see reports for its own place of safety
report-error-kind = Choose a kind of place of safety from the list
report-error-no-scope = Your account has no force or place of safety, so it has no reports. Ask an administrator to set one.

## Tiles
report-tile-rate = Breach rate
report-tile-rate-note = { $breaches } of { $handed_over } stays handed over after more than { $target } minutes
report-tile-median = Median time to handover
report-tile-median-note = Half of handovers took this long or less
report-tile-p90 = 90th percentile time to handover
report-tile-p90-note = 9 in 10 handovers took this long or less
report-tile-lost-note = Beyond the { $target }-minute target, times officers present. From arrival: { $hours } h
report-tile-waiting = People waiting now
report-tile-waiting-change = Now, whatever the dates chosen
report-tile-waiting-note = Not yet handed over, at the places in this report
report-value-min = { $m } min
report-value-h = { $h } h
report-change-all-time = All time: no earlier period to compare
report-change-up = Up { $amount } on the previous period
report-change-down = Down { $amount } on the previous period
report-change-same = No change on the previous period
report-change-no-previous = No figure for the previous period
report-amount-points = { $d } points
report-amount-min = { $d } min
report-amount-h = { $d } h
report-amount-minutes = { $d } minutes
report-what-rate = breach rate
report-what-median = median minutes
report-what-p90 = 90th percentile minutes
report-what-lost = lost officer hours
report-spark-title = Trend: { $what }
report-spark-text = { $what } by { $unit ->
    [week] week, the last point the latest whole week
    [month] month, the last point the latest whole month
   *[year] year, the last point the latest whole year
}

## Charts
report-no-handovers = No stays were handed over in this period.
report-chart-extremes = First, { $first }: { $first_value }. Highest, { $high }: { $high_value }. Lowest, { $low }: { $low_value }. Latest, { $last }: { $last_value }.
report-chart-rate-title = Breach rate by { $unit ->
    [week] week
    [month] month
   *[year] year
}
report-chart-rate-text = Breach rate by { $unit ->
    [week] week
    [month] month
   *[year] year
}. { $extremes }
report-chart-rate-axis = Breach rate (%)
report-chart-median-title = Median minutes to handover by { $unit ->
    [week] week
    [month] month
   *[year] year
}
report-chart-median-text = Median minutes to handover by { $unit ->
    [week] week
    [month] month
   *[year] year
}. { $extremes }
report-chart-median-axis = Median minutes
report-chart-target = Target
report-chart-histogram-title = Time to handover: how many stays waited how long
report-chart-histogram-text = { $handed_over } stays handed over; { $breaches } ({ $rate }) were breaches, handed over after more than { $target } minutes. The most common wait was { $bin } ({ $count } stays). The longest was { $longest }.
report-chart-histogram-x = Time to handover (hours)
report-chart-hours-tick = { $n }h
report-chart-hours-tick-last = { $n }h+
report-chart-target-minutes = { $minutes } min target
report-chart-sites-title = Breaches by place of safety (the ten with most)
report-chart-sites-none = No breaches at any place of safety in this period.
report-chart-sites-text = Places of safety with the most breaches: { $list }.
report-chart-reasons-title = Breaches by delay reason
report-chart-reasons-none = No breaches in this period.
report-chart-reasons-text = Breaches by the reason recorded for the delay: { $list }.
report-chart-breaches-axis = Breaches
report-hours-minutes = { $h }h { $m }m
report-span = { $hours } { $minutes }
report-bin-up-to = { $upper } or less
report-bin-between = more than { $lower } and up to { $upper }
report-bin-over = more than { $lower }
report-partial-all = { $unit ->
    [week] No whole week in this period: each point is part of a week (see the table for its days).
    [month] No whole month in this period: each point is part of a month (see the table for its days).
   *[year] No whole year in this period: each point is part of a year (see the table for its days).
}
report-partial-item = { $period } ({ $n } days)
report-partial-some = { $unit ->
    [week] Part weeks
    [month] Part months
   *[year] Part years
} are left out of the charts, not out of the figures: { $list }. They are in the table.

## Tables
report-table-headline = Headline figures
report-table-bands = Time to handover, in bands
report-table-periods = By { $unit ->
    [week] week
    [month] month
   *[year] year
} of arrival
report-table-sites = By place of safety
report-table-forces = By police force
report-table-reasons = Breaches by delay reason
report-table-hours = By hour of arrival (UK time)
report-table-weekdays = By day of the week of arrival
report-col-figure = Figure
report-col-this-period = This period
report-col-previous-period = Previous period
report-col-change = Change
report-col-time-to-handover = Time to handover
report-col-handovers = Handovers
report-col-share-handovers = Share of handovers
report-col-period = Period
report-col-from = From
report-col-to = To
report-col-median = Median minutes
report-col-stays = Stays (not cancelled)
report-col-handed-over = Handed over
report-col-open = Still open
report-col-breaches = Breaches
report-col-breach-rate = Breach rate
report-col-lost-hours = Lost officer hours (beyond the target)
report-col-site = Place of safety
report-col-code = Code
report-col-kind = Kind
report-col-detentions = Detentions
report-col-force = Police force
report-col-reason = Delay reason
report-col-share-breaches = Share of breaches
report-col-hour = Hour of arrival
report-col-weekday = Day of arrival
report-row-detentions = Detentions (first place of safety, not cancelled)
report-row-handed-over = Stays handed over
report-row-open = Still open
report-row-cancelled = Logged in error (cancelled: not detentions, left out of all rates)
report-row-breaches = Breaches (handed over after more than the target)
report-row-breaches-agreed = Breaches with an agreed request to stay (still breaches)
report-row-breaches-not-agreed = Breaches with no agreed request to stay (none, declined or unanswered)
report-row-breach-rate = Breach rate (of stays handed over)
report-row-reason-share = Breaches with a recorded reason
report-row-median = Median minutes to handover
report-row-p90 = 90th percentile minutes to handover
report-row-max = Longest minutes to handover
report-row-lost-hours = Lost officer hours beyond the { $minutes }-minute target (times officers present)
report-row-officer-hours = Officer hours from arrival to handover (times officers present)
report-no-change = no change
report-change-points = { $d } points
report-no-reason = No reason recorded
report-name = { $name }
report-hour-range = { $from } to { $to }
report-period-week = { $from } to { $to }
report-period-month = { $month } { $year }
report-period-part = { $period } (part: { $n } of the { $unit ->
    [week] week
    [month] month
   *[year] year
}'s days)
report-bands-up-to-15 = 15 minutes or less
report-bands-15-to-30 = Over 15 to 30 minutes
report-bands-30-to-45 = Over 30 to 45 minutes
report-bands-45-to-60 = Over 45 to 60 minutes
report-bands-60-to-120 = Over 1 to 2 hours
report-bands-120-to-240 = Over 2 to 4 hours
report-bands-240-to-480 = Over 4 to 8 hours
report-bands-over-480 = Over 8 hours

## The Home Office return
report-ho-title = Home Office return
report-ho-caption-days = { $heading } (UK days)
report-ho-heading = Financial year { $year }: { $from } to { $to }
report-ho-intro = Detentions under section 136 and section 135(1) for the annual data requirement, counted by the UK calendar day of arrival at the first place of safety, in the cases you can see. Cancelled cases are not counted. "Not recorded" rows show what is still missing: complete it from each case's "Monitoring details".
report-ho-fy-label = Financial year (1 April to 31 March)
report-ho-show = Show the return
report-ho-download = Download the return (CSV)
report-ho-choose-year = Choose a financial year from { $first } to { $last }
report-ho-caption = Home Office return { $year }
report-ho-power = Power
report-ho-detentions = Detentions
report-ho-s136 = Section 136
report-ho-s135 = Section 135(1)
report-ho-col-s135 = Section 135
report-ho-total = Total
report-ho-section-caption = { $section }, detentions by power
report-ho-col-first-day = First day
report-ho-col-last-day = Last day
report-ho-col-section = Section
report-ho-col-category = Category
report-ho-not-recorded = Not recorded
report-ho-age = Age
report-ho-sex = Sex
report-ho-ethnicity = Ethnic group
report-ho-ethnicity-note = ONS 2021 census groups.
report-ho-perceived = Ethnic group as the officer perceived it
report-ho-perceived-note = Recorded where it differs from the person's own description; the rest count as not recorded.
report-ho-first = First place of safety
report-ho-first-note = The kind of site the person was first taken to.
report-ho-first-health = Health-based place of safety
report-ho-first-ed = Emergency department
report-ho-first-police = Police station
report-ho-first-home = Private home
report-ho-first-other = Other place of safety
report-ho-station-hours = Time held at a police station
report-ho-station-hours-note = Each stay at a police station of the detentions counted, from arrival there to leaving it (a transfer) or the end of the detention.
report-ho-hours-up-to-3 = 3 hours or less
report-ho-hours-3-to-6 = More than 3 and up to 6 hours
report-ho-hours-6-to-12 = More than 6 and up to 12 hours
report-ho-hours-12-to-24 = More than 12 and up to 24 hours
report-ho-hours-over-24 = More than 24 hours
report-ho-no-end = No end recorded (still held, or not recorded)
report-ho-arrested = Arrested for an offence (held at a police station)
report-ho-arrested-note = Only detentions with a stay at a police station.
report-ho-transport = Transport to the place of safety
report-ho-vehicle-reason = Reason a police vehicle was used
report-ho-vehicle-reason-note = Only detentions where the person was taken in a police vehicle.
report-ho-outcome = Outcome
report-ho-outcome-note = Recorded at the end of the detention: a detention not yet ended counts as not recorded.

## CSV headers: English keeps the stable snake_case names; Welsh has its own (values and codes unchanged)
report-csv-reference = reference
report-csv-force = force
report-csv-site = site
report-csv-site_name = site_name
report-csv-site_kind = site_kind
report-csv-arrived_utc = arrived_utc
report-csv-arrived_uk = arrived_uk
report-csv-handed_over_utc = handed_over_utc
report-csv-handed_over_uk = handed_over_uk
report-csv-seconds_to_handover = seconds_to_handover
report-csv-minutes_to_handover = minutes_to_handover
report-csv-breached = breached
report-csv-delay_reason = delay_reason
report-csv-officers = officers
report-csv-cancelled = cancelled
report-csv-place_of_safety_number = place_of_safety_number
report-csv-handover_offered_utc = handover_offered_utc
report-csv-handover_offered_uk = handover_offered_uk
report-csv-accepted_by_role = accepted_by_role
report-csv-police_left_utc = police_left_utc
report-csv-police_left_uk = police_left_uk
report-csv-stay_requested_utc = stay_requested_utc
report-csv-stay_request_reason = stay_request_reason
report-csv-stay_request_answer = stay_request_answer
report-csv-transferred_utc = transferred_utc
report-csv-transferred_to = transferred_to
report-csv-outcome = outcome
report-csv-prealerted_utc = prealerted_utc
report-csv-prealert_eta_utc = prealert_eta_utc
report-csv-figure = figure
report-csv-this_period = this_period
report-csv-previous_period = previous_period
report-csv-change = change
report-csv-band = band
report-csv-handovers = handovers
report-csv-share = share
report-csv-period = period
report-csv-from = from
report-csv-to = to
report-csv-stays = stays
report-csv-handed_over = handed_over
report-csv-open = open
report-csv-breaches = breaches
report-csv-breach_rate = breach_rate
report-csv-lost_officer_hours = lost_officer_hours
report-csv-median_minutes = median_minutes
report-csv-site_code = site_code
report-csv-kind = kind
report-csv-detentions = detentions
report-csv-reason = reason
report-csv-hour = hour
report-csv-weekday = weekday
report-csv-first_day = first_day
report-csv-last_day = last_day
report-csv-section = section
report-csv-code = code
report-csv-label = label
report-csv-s136 = s136
report-csv-s135 = s135
report-csv-total = total
