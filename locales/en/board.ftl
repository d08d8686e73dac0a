# Health staff's board (templates/board*.html, web::board) and the live controls.

board-updated-at = Updated at { $time }.
board-check-updates = Check for updates
board-incoming = Incoming
board-announce-incoming = On the way: police of { $force }, expected at { $time }
board-expected-at = Expected at { $time }
board-police-force = Police: { $force }
board-held-here = Held here
board-waiting = Waiting
board-nobody-held = Nobody is held here.
board-nobody-waiting = Nobody is waiting for handover.
board-count-held = { $n } held here
board-count-waiting = { $n } waiting
board-count-breaches = { $n } past the { $target } target
board-caption-held = People held here, oldest first
board-caption-waiting = People waiting for handover, oldest first
board-col-case = Case
board-col-arrived = Arrived
board-col-wait-handover = Wait for handover
board-col-waiting = Waiting
board-col-status = Status
board-col-action = Action
board-announce-arrival = New arrival: { $reference }, { $site }
board-announce-breach = { $reference }: past the { $target } target
board-force-officers = { $force }, { $n ->
    [one] 1 officer
   *[other] { $n } officers
}
board-handed-over-at = Handed over { $time }
board-offered-at = Handover offered { $time }
board-check-overdue = Check overdue
board-confirm-handover = Confirm handover
board-record-check = Record health check
board-for-case = for { $reference }
board-title-waiting = Waiting at { $site }
board-title-held = Held at { $site }
board-handed-over-after = Handed over after { $waited }
board-handed-over-after-late = Handed over after { $waited } (past target)
board-stay-agreed = Police asked to stay: agreed
board-stay-refused = Police asked to stay: not agreed
board-stay-awaiting = Police asked to stay: awaiting answer
board-no-site = Your account has no place of safety. Ask an administrator to set one.

## Live updates (templates/live_controls.html, static/live.js)
live-paused = Updates are paused.
live-on = Live: changes show here as they happen.
live-fallback = Live updates are not available: this page checks for changes every { $seconds } seconds.
live-every = This page updates every { $seconds } seconds.
live-pause = Pause updates
live-resume = Resume updates
live-sound = Sound on a new arrival or a breach (this device)
