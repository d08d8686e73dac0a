# Notifications: the texts of emails and push messages, in the recipient's
# language (domain::notify chooses it; notify::email and domain::push frame it).

## Messages (domain::notify)
notify-handover = Handover of { $reference } accepted at { $site } by { $by } at { $time }: you may leave.
notify-stay-request = { $name } asks police to stay with { $reference } at { $site } (reason: { $reason }). Answer on the case page.
notify-stay-reminder = Reminder: { $reference } at { $site } asks police to stay (reason: { $reason }). Answer on the case page.
notify-stay-agreed = Police agreed to stay with { $reference } at { $site }.
notify-stay-declined = Police declined to stay with { $reference } at { $site }.
notify-arrived = { $reference } has arrived at { $site } ({ $force }): handover within { $target } minutes.
notify-waited = { $reference } has waited { $n } minutes for handover at { $site } ({ $force }).
notify-reason-risk_to_life = risk to life
notify-reason-insufficient_staff = insufficient staff
notify-reason-awaiting_medical_clearance = awaiting medical clearance
notify-reason-awaiting_bed_or_transfer = awaiting bed or transfer
notify-reason-violence_or_absconding_risk = violence or absconding risk
notify-reason-other = other

## Emails (notify::email)
notify-email-subject-waiting = s136: { $reference } waiting { $n } min at { $site }
notify-email-subject = s136: { $reference } { $what }
notify-kind-escalation = escalation
notify-kind-handover = handover
notify-kind-stay_request = stay request
notify-kind-stay_answer = stay answer
notify-kind-stay_reminder = stay reminder
notify-kind-police_declined = police declined
notify-email-reference = Reference: { $value }
notify-email-site = Place of safety: { $value }
notify-email-force = Force: { $value }
notify-email-threshold = Escalation threshold: { $n } minutes
notify-email-waiting = Minutes waiting: { $n }
notify-email-reason = Reason code: { $value }
notify-email-at = At: { $value } (UTC)
notify-email-id = Notification id: { $value }

## Push titles (domain::push)
notify-push-arrival = New arrival at { $site }: { $reference }
notify-push-waiting = Waiting { $n } minutes at { $site }: { $reference }
notify-push-test = s136 test notification
notify-push-test-body = Notifications work on this device.
notify-push-handover = Handover accepted: { $reference }
notify-push-stay-request = Staff ask police to stay: { $reference }
notify-push-stay-reminder = Answer the request to stay: { $reference }
notify-push-stay-answer = Police agreed to stay: { $reference }
notify-push-police-declined = Police declined to stay: { $reference }
notify-kind-test = test

## The notifications page (templates/admin_notifications.html, web::admin_notify)
notify-title = Notifications
notify-intro = Escalations, handovers and requests to stay are sent by webhook, email and push from an outbox: each is retried after 10 seconds, 30 seconds, 2, 10 and 30 minutes, then listed here as failed.
notify-failed = Failed
notify-pending = Waiting to be sent
notify-sent = Sent
notify-recently-sent = Recently sent
notify-none = None.
notify-none-yet = None yet.
notify-list-caption = { $what } ({ $n })
notify-col-case = Case
notify-col-type = Type
notify-col-channel = Channel
notify-col-to = To
notify-col-created = Created
notify-col-attempts = Attempts
notify-col-last-error = Last error
notify-col-sent-or-next = Sent or next attempt
notify-sent-at = sent { $time }
notify-next-at = next { $time }
notify-retry = Retry
notify-retry-what = { $kind } to { $to }
notify-channel-webhook = webhook
notify-channel-email = email
notify-channel-push = push
notify-to-removed-webhook = webhook { $id } (removed)
notify-to-user = user { $id }
notify-when = { $day }, { $time }
notify-webhooks = Webhooks
notify-no-webhooks = No webhooks.
notify-webhook-scope-events = { $scope }; events: { $events }
notify-webhook-n = webhook { $id }
notify-scope-site = site { $code }
notify-scope-force = force { $code }
notify-all = all
notify-add-webhook = Add a webhook
notify-url = Address
notify-url-hint = https:// or http://; redirects are not followed
notify-secret = Secret
notify-secret-hint = At least 16 characters: signs each body (X-S136-Signature)
notify-site = Place of safety code (optional)
notify-site-hint = Only this place of safety
notify-force = Force code (optional)
notify-force-hint = Only this force's cases (a control room). Leave both empty for everything
notify-events = Types (optional)
notify-events-hint = Comma-separated, from: { $known }. Empty: all
notify-add-webhook-button = Add webhook
notify-saved-retried = Queued again: it will be sent within a few seconds
notify-saved-added = Webhook added
notify-saved-removed = Webhook removed

## Refusals (domain::notify)
notify-threshold-not-minutes = "{ $part }" is not a number of minutes from 0 to 1440
notify-threshold-enter = Enter at least one threshold, for example 0,45,60
notify-repeat-enter = Enter the repeat in minutes, from 0 (none) to 1440
notify-no-site = There is no place of safety with the code { $code }
notify-no-force = There is no force with the code { $code }
notify-url-scheme = The address must start with https:// or http://
notify-url-host = The address must name a host, for example https://example.org/hook
notify-url-long = The address is longer than 2000 characters
notify-secret-short = The secret must be at least 16 characters
notify-site-or-force = Choose a site or a force, not both
notify-not-a-type = "{ $event }" is not a notification type ({ $known })
notify-contact-role = Choose on_call or manager
notify-contact-email = Enter an email address like oncall@trust.nhs.uk
