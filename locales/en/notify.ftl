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
