# The list of cases (templates/cases.html, web::cases).

cases-title = Cases
cases-search = Search by case reference or collar number
cases-search-hint = For example S136-2026-000012, 12, or 4521
cases-from = Arrived from
cases-to = Arrived to (inclusive)
cases-site = Place of safety
cases-force = Force
cases-kind = Kind of place of safety
cases-all = All
cases-breaches-only = Breaches only (past the handover target)
cases-apply = Apply filters
cases-showing-only = Showing only stays:
cases-show-all = Show all stays for these dates and places
cases-count = { $n ->
    [one] stay matches
   *[other] stays match
}
cases-none = No cases match these filters.
cases-caption = Stays at places of safety, newest first (page { $n })
cases-col-case = Case
cases-col-arrived = Arrived
cases-col-time = Time to handover
cases-col-status = Status
cases-col-reason = Delay reason
cases-so-far = { $waited } so far
cases-breach = Breach
cases-no-reason = None
cases-pages = Pages of cases
cases-prev = Previous page
cases-next = Next page

## The drill-down filters in words
cases-narrow-open = still open
cases-narrow-handed-over = handed over
cases-narrow-cancelled = cancelled
cases-narrow-not-cancelled = not cancelled
cases-narrow-band = time to handover { $band }
cases-narrow-no-reason = no delay reason recorded
cases-narrow-reason = delay reason: { $reason }
cases-narrow-stay-agreed = police agreed to a request to stay
cases-narrow-stay-not-agreed = no agreed request to stay
cases-narrow-hour = arrived { $hour }:00 to { $hour }:59
cases-narrow-weekday = arrived on a { $day ->
    [1] Monday
    [2] Tuesday
    [3] Wednesday
    [4] Thursday
    [5] Friday
    [6] Saturday
   *[7] Sunday
}

## Refusals
cases-error-date = Enter a real date, for example 2026-11-01
cases-error-kind = Choose a kind of place of safety from the list
cases-error-status = The status in the address is not one we know
cases-error-band = The time band in the address is not one we know
cases-error-reason = The delay reason in the address is not one we know
cases-error-stay = The request to stay in the address is not one we know
cases-error-hour = The hour in the address must be 0 to 23
cases-error-weekday = The day of the week in the address must be 1 (Monday) to 7
cases-error-dates-order = Enter an end date that is the same as or after the start date
cases-error-code = The code in the address is not one we know
