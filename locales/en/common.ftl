# Shared by every page: dates, counts, the frame, error pages, signing in.

## Dates (crate::i18n::date, ::day)
date-format = { $day } { $month } { $year }
day-format = { $weekday } { $date }
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
weekday-1 = Monday
weekday-2 = Tuesday
weekday-3 = Wednesday
weekday-4 = Thursday
weekday-5 = Friday
weekday-6 = Saturday
weekday-7 = Sunday

month-short-1 = Jan
month-short-2 = Feb
month-short-3 = Mar
month-short-4 = Apr
month-short-5 = May
month-short-6 = Jun
month-short-7 = Jul
month-short-8 = Aug
month-short-9 = Sep
month-short-10 = Oct
month-short-11 = Nov
month-short-12 = Dec
weekday-short-1 = Mon
weekday-short-2 = Tue
weekday-short-3 = Wed
weekday-short-4 = Thu
weekday-short-5 = Fri
weekday-short-6 = Sat
weekday-short-7 = Sun

## Counts
duration-minutes = { $n ->
    [one] 1 minute
   *[other] { $n } minutes
}
duration-hours = { $n ->
    [one] 1 hour
   *[other] { $n } hours
}

## The frame (templates/base.html, web::layout)
service-name = s136 handovers
skip-to-content = Skip to main content
home-link-label = s136 handovers homepage
your-account = your account
sign-out = Sign out
menu-browse = Browse
menu-more = More
language-switch-label = Language
footer-text = s136 handover tracker. Target: handover within the time this service has set (the National Partnership Agreement, Right Care, Right Person, says one hour of arrival). Times are UK time.
nav-account-label = Account
nav-menu-label = Menu
nav-cases = Cases
nav-log-arrival = Log arrival
nav-board = Board
nav-reports = Reports
nav-admin = Set-up
nav-tokens = API tokens
error-summary-title = There is a problem
error-prefix = Error:
title-error-prefix = Error:

## Errors every edge can give (crate::error)
error-fields = Some of the details are not right. Correct the fields named.
error-not-found = We could not find that page or case. Check the reference and try again.
error-sign-in = Sign in to continue.
error-internal = Something went wrong on our side. Nothing was saved. Try again in a moment.
error-unavailable = The database is not answering. Nothing was saved. Try again in a moment.
error-csrf = This form has expired or did not come from this service, so nothing was saved. Go back, reload the page and try again.
error-change-password-first = Change your password before you continue.

## Error page titles (web::error_page)
error-title-bad-request = There is a problem with the request
error-title-unauthorized = Sign in
error-title-csrf = Your form has expired
error-title-forbidden = You cannot do this
error-title-not-found = Page not found
error-title-conflict = This case has changed
error-title-too-large = The request is too large
error-title-media-type = Unsupported content type
error-title-too-many = Too many attempts
error-title-unavailable = Service unavailable
error-title-internal = Sorry, there is a problem with the service
error-title-change-password = Change your password
error-home-link = Go to your home page

## Signing in (templates/login.html)
login-title = Sign in
login-username = Username
login-password = Password
login-button = Sign in
login-sso-heading = Or sign in with your organisation's account
login-sso-button = Sign in with { $provider }

## Times typed in forms (domain::time)
time-format = Enter { $what } as a date and time, for example 21/11/2026 14:05
time-gap = There was no { $time } in the UK: the clocks went forward an hour. Enter { $what } as it was shown on a clock that night
time-ambiguous = { $time } happened twice because the clocks went back. Choose whether { $what } was the first (BST) or the second (GMT)

## Requests that cannot be read (startup, http::live)
error-too-many-streams = You already have { $n } live views open. Close one and try again.
error-query = The address has a value we cannot read ({ $detail }).
error-form-too-large = The form is larger than { $kib } KiB, so nothing was saved. Shorten the notes and try again.
error-form = The form could not be read ({ $detail }). Go back and try again.
