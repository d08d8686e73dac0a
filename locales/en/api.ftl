# The API's own refusals (src/api): English unless the client sends
# Accept-Language: cy. The codes never change.

api-error-code = { $name } must be a code of 2 to 16 letters, numbers, hyphens or underscores.
api-error-method = This address does not accept that method.
api-error-too-large = The body is larger than { $kib } KiB.
api-error-content-type = Send the body as JSON with Content-Type: application/json.
api-error-json = The JSON body could not be read: { $detail }.
api-error-query = The query string could not be read: { $detail }.
api-error-token = Send a valid API token as Authorization: Bearer <token>. Tokens are made with `s136 token create` or on the Tokens page.
api-error-status = status must be awaiting_handover, handed_over, ended or cancelled.
api-error-breached = breached must be true or false.
api-error-from = from must be an RFC 3339 time or a date like 2026-11-01.
api-error-to = to must be an RFC 3339 time or a date like 2026-11-30.
api-error-limit = limit must be a whole number.
api-error-limit-range = limit must be from 1 to 200
api-error-cursor = cursor is not one this API issued.
