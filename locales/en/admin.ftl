# Set-up (templates/admin*.html, web::admin, web::admin_orgs, domain::admin, domain::orgs).

## The set-up page
admin-title = Set-up
admin-information = Information:
admin-notifications-link = Notifications
admin-notifications-link-text = : what was sent, what failed (with a retry) and the webhooks. Each place of safety's escalation thresholds and email contacts are on its page.
admin-target-heading = Handover target
admin-target-label = Handover target in minutes
admin-target-hint = Whole minutes from { $min } to { $max }. The National Partnership Agreement says 60. A change applies to people waiting now and to every handover from now on; handovers already recorded keep their breach flag
admin-target-save = Save handover target
admin-saved-target = Handover target saved
admin-forces-heading = Police forces
admin-retired-tag = Retired
admin-change = Change
admin-force-code = Force code
admin-force-code-hint = For example WMP
admin-force-name = Force name
admin-force-add = Add force
admin-sites-heading = Places of safety
admin-site-code = Site code
admin-site-name = Name
admin-site-kind = Kind
admin-site-trust = Owning trust or organisation
admin-site-add = Add place of safety
admin-choose = Choose
admin-none = None
admin-accounts-heading = Accounts
admin-col-username = Username
admin-col-name = Name
admin-col-role = Role
admin-col-scope = Scope
admin-col-status = Status
admin-col-action = Action
admin-scope-all = All
admin-enabled = Enabled
admin-disabled = Disabled
admin-your-account = Your account
admin-disable = Disable
admin-enable = Enable
admin-user-heading = Add an account
admin-user-full-name = Full name
admin-user-force = Force (officers; a manager of one force)
admin-user-site = Place of safety (health staff; a manager of one site)
admin-user-collar = Collar number (officers)
admin-user-password = Password
admin-user-password-hint = At least 12 characters, not a common password. Leave blank to generate one (to be changed at first sign-in)
admin-user-add = Add account
admin-pw-heading = Set a password
admin-pw-new = New password
admin-pw-hint = At least 12 characters, not a common password. Leave blank to generate one (to be changed at first sign-in). The person is signed out everywhere
admin-pw-save = Set password

## Notices after a save
admin-force-added = Force { $name } ({ $code }) added
admin-site-added = Place of safety { $name } ({ $code }) added
admin-user-added = Account { $username } added
admin-user-added-password = Account { $username } added. Its password is { $password } (shown once: give it to them securely; they must change it when they first sign in)
admin-password-generated = New password for { $username }: { $password } (shown once; they must change it when they next sign in). They have been signed out everywhere and their API tokens no longer work ({ $ended })
admin-password-set = Password for { $username } changed. They have been signed out everywhere and their API tokens no longer work ({ $ended })
admin-user-enabled = Account { $username } enabled. They can sign in again
admin-user-disabled = Account { $username } disabled. They cannot sign in ({ $ended })
admin-credentials-ended = { $sessions ->
    [one] 1 session
   *[other] { $sessions } sessions
} ended and { $tokens ->
    [one] 1 API token
   *[other] { $tokens } API tokens
} revoked

## A force's or a place of safety's own page
admin-change-title = Change { $name }
admin-back-to-setup = Back to set-up
admin-force-caption = Police force { $code }
admin-force-caption-retired = Police force { $code }, retired
admin-site-caption = Place of safety { $code }
admin-site-caption-retired = Place of safety { $code }, retired
admin-save-changes = Save changes
admin-reopen-heading = Reopen
admin-reopen-button = Reopen { $name }
admin-retire-heading = Retire
admin-retire-button = Retire { $name }
admin-force-retire-text = A retired force is not offered for new accounts. Its officers keep their accounts until you disable them, and its cases and figures stay in reports.
admin-site-reopen-text = Offer this place of safety again for new arrivals and transfers.
admin-site-retire-text = A retired place of safety is not offered for new arrivals or transfers. People there now stay on its board until they leave, and its cases and figures stay in reports.
admin-escalation-heading = Escalation
admin-escalation-text = While someone waits here for a handover, notifications go out at these minutes after arrival: the first to the on-call contacts, those before the handover target to on-call and manager, from the target on to the manager and the force's webhooks. Health staff and managers here who turned notifications on in their browser hear the same by push. Then again at each repeat. They stop at the handover, a cancellation or the end of the detention.
admin-escalation-at = Minutes after arrival
admin-escalation-at-hint = Comma-separated, for example 0,45,60
admin-escalation-repeat = Then every (minutes)
admin-escalation-repeat-hint = 0 for no repeat
admin-escalation-save = Save escalation
admin-contacts-heading = Email contacts
admin-contacts-none = No email contacts: escalations here go to webhooks only.
admin-contact-on-call = On call: { $email }
admin-contact-manager = Manager: { $email }
admin-remove = Remove
admin-contact-email = Email address
admin-contact-role = Role
admin-contact-role-on-call = On call
admin-contact-role-manager = Manager
admin-contact-add = Add email contact
admin-saved-changes = Changes saved
admin-saved-retired = Retired: it is no longer offered for new work. Its history and figures stay
admin-saved-reopened = Reopened: it is offered for new work again
admin-saved-escalation = Escalation thresholds saved
admin-saved-contact-added = Email contact added
admin-saved-contact-removed = Email contact removed

## The default language of a site's or force's people
admin-language-legend = Default language
admin-language-hint-site = What this place of safety's staff see until they choose a language themselves, and the language of its email contacts' notifications
admin-language-hint-force = What this force's officers see until they choose a language themselves
admin-language-en = English
admin-language-cy = Cymraeg
admin-language-none = No default: each person's browser decides
admin-choose-language = Choose English, Cymraeg or no default

## Refusals (domain::admin, domain::orgs)
admin-enter-name = Enter the name
admin-enter-trust = Enter the owning trust or organisation
admin-force-code-taken = A force with the code { $code } already exists
admin-site-code-taken = A place of safety with the code { $code } already exists
admin-choose-kind = Choose the kind of place of safety
admin-username-taken = The username { $username } is taken
admin-choose-role = Choose a role
admin-choose-force-listed = Choose a force from the list
admin-choose-site-listed = Choose a place of safety from the list
admin-choose-officer-force = Choose the officer's force
admin-enter-officer-collar = Enter the officer's collar number
admin-choose-health-site = Choose the place of safety where this person works
admin-manager-one-scope = A manager's scope is one force, one place of safety or everything: choose only one
admin-no-such-username = No account has that username
admin-disable-self = You cannot disable your own account: ask another administrator
admin-disable-last-admin = This is the last enabled administrator: enable or add another before disabling it
admin-site-retired-choose = { $name } has been retired: choose another place of safety
admin-force-retired-choose = { $name } has been retired: choose another force
admin-setting-target = Handover target (minutes)
admin-target-enter = Enter the handover target in minutes, for example 60
admin-target-whole-number = Enter the handover target as a whole number of minutes, for example 60
admin-target-range = The handover target must be between { $min } and { $max } minutes
admin-no-such-setting = There is no setting called { $key }. Settings: { $known }

## Your password (templates/account_password.html, web::account, domain::account)
account-password-title = Change your password
account-important = Important:
account-choose-own = Choose your own password
account-choose-own-text = Your password was set for you, so someone else has seen it. Choose your own before you continue.
account-current = Current password
account-confirm = Type the new password again
account-change-button = Change password
account-change-text = Changing it signs you out on every other device and revokes your API tokens.
account-password-hint = At least { $n } characters. Three random words you can remember make a strong one. Very common passwords are refused
account-password-changed = Your password has been changed. You have been signed out everywhere else and your API tokens no longer work
account-enter-current = Enter your current password
account-current-wrong = Your current password is not right
account-new-same = Enter a new password that is different from your current one
account-no-match = The passwords do not match

## API tokens (templates/tokens.html, web::tokens, domain::tokens)
token-shown-once = Your new token is shown once. Copy it now and keep it secret:
token-intro-1 = A token lets a system act as you through the JSON API
token-openapi = OpenAPI document
token-intro-2 = , with your role and scope. Tokens are personal: you can create them only for your own account.
token-intro-admin = You can revoke anyone's.
token-none = No tokens yet.
token-col-number = Number
token-col-account = Account
token-col-label = Label
token-col-created = Created
token-col-last-used = Last used
token-never = Never
token-revoke = Revoke
token-n = token { $id }
token-revoked-tag = Revoked
token-create-heading = Create a token
token-label-hint = What will use it, for example: control room integration
token-create = Create token
token-revoked = Token { $id } revoked: it no longer works.
token-personal = Tokens are personal: you can create one only for your own account. The server operator can create one for another account with `s136 token create --username`.
token-no-such = No token of yours has that number

## Notifications on this device (templates/push_controls.html, static/push.js, domain::push, web::push)
push-heading = Notifications on this device
push-turn-on = Turn on notifications on this device
push-turn-off = Turn off notifications on this device
push-send-test = Send me a test notification
push-js-blocked = Notifications are blocked for this service in this browser. Allow them in the browser’s site settings, then try again.
push-js-on-long = Notifications are on for this device. You will be told about your cases here even when this page is closed.
push-js-on = Notifications are on for this device.
push-js-off = Notifications are off on this device.
push-js-turning-on = Turning notifications on…
push-js-turning-off = Turning notifications off…
push-js-change-failed = Notifications could not be changed on this device:
push-js-sending = Sending a test notification…
push-js-test-one = A test notification is on its way to 1 device. It should appear in a few seconds.
push-js-test-two = A test notification is on its way to 2 devices. It should appear in a few seconds.
push-js-test-other = A test notification is on its way to {"{"}n{"}"} devices. It should appear in a few seconds.
push-js-test-none = None of your devices has notifications on. Turn notifications off and on again.
push-js-test-failed = The test notification could not be sent:
push-no-endpoint = The subscription has no endpoint.
push-endpoint-control = The endpoint must not contain control characters.
push-endpoint-long = The endpoint is longer than { $n } characters.
push-endpoint-not-url = The endpoint is not a web address.
push-endpoint-no-host = The endpoint has no host.
push-endpoint-userinfo = The endpoint must not carry a user name, password or fragment.
push-endpoint-https = The endpoint must be an https address of a push service.
push-key-p256dh = The browser's public key (keys.p256dh) must be a P-256 point: 65 bytes, base64url.
push-key-auth = The browser's authentication secret (keys.auth) must be 16 bytes, base64url.
push-label-long = The device's label must be at most { $n } characters of plain text.
push-key-not-on-curve = The browser's public key (keys.p256dh) is not a point on the P-256 curve.
push-not-found = This device has no notifications from this service to turn off.
push-say-which = Say which subscription to end (id or endpoint).
push-request-too-large = The request is larger than { $n } KiB.
push-request-not-json = The request is not the JSON this address takes ({ $detail }).

## Signing in (domain::auth) and single sign-on (domain::sso, web::sso)
auth-enter-username = Enter your username
auth-enter-password = Enter your password
auth-too-many = Too many failed sign-in attempts. Wait 15 minutes, or ask an administrator to reset your password.
auth-wrong = Enter a correct username and password
sso-issuer-enter = Enter the issuer as a URL, for example https://login.microsoftonline.com/TENANT/v2.0
sso-issuer-https = The issuer must be an https URL
sso-issuer-invalid = The issuer is not a valid URL: { $detail }
sso-name-enter = Enter a name of up to 40 lowercase letters, numbers or hyphens, for example entra
sso-name-taken = A provider called { $name } already exists
sso-label-long = Enter a label of 60 characters or fewer
sso-client-id = Enter the client ID the provider gave
sso-claim = Choose the claim to match: email or preferred_username
sso-role-officer = Officers need a collar number, so their accounts cannot be made by signing in: add them
sso-role-admin = Administrators cannot be made by signing in: add them
sso-role-choose = Choose the role for accounts made by signing in: health or manager
sso-force-code = Choose a force by its code
sso-site-code = Choose a place of safety by its code
sso-health-site = Choose the place of safety where health staff signing in work
sso-health-no-force = Health staff have a place of safety, not a force
sso-unreachable = The single sign-on provider could not be reached or answered wrongly. Try again, or sign in with your password.
sso-expired = This sign-in has expired or was not started in this browser. Go back to the sign-in page and try again.
sso-untrusted = The single sign-on provider's answer could not be trusted, so you are not signed in.
sso-email-unverified = Your email address is not verified at the single sign-on provider.
sso-no-claim-email = The single sign-on provider did not say your email, so you are not signed in.
sso-no-claim-username = The single sign-on provider did not say your preferred_username, so you are not signed in.
sso-no-account = There is no account for { $identity } in this service. Ask an administrator to add one.
sso-disabled = Your account has been disabled. Ask an administrator if you need it again.
sso-not-made = An account for { $identity } could not be made by signing in. Ask an administrator to add one.
sso-not-signed-in = The single sign-on provider did not sign you in.

## Codes, usernames and passwords as typed (domain::types)
admin-code-format = Enter a code of 2 to 16 letters, numbers, hyphens or underscores, like WMP
admin-username-format = Enter a username of 2 to 100 letters, numbers, dots, hyphens, underscores or @ (an email address is fine)
account-password-short = Enter a password of at least { $n } characters. Three random words make a strong one
account-password-long = Enter a password of { $n } characters or fewer
account-password-common = That password is one of the most used, so it is easy to guess: choose another
admin-what-the-name = The name
token-what-label = The label
